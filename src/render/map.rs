//! The status map: an SVG drawn at build time from Natural Earth country shapes (world-atlas TopoJSON, embedded
//! in the binary), in the Equal Earth projection, each briefing country coloured by its headline status and
//! linked to its page. No tiles, no scripts, nothing fetched.

use std::fmt::Write as _;

use serde::Deserialize;

use crate::model::Site;
use crate::render::urls;

const TOPOLOGY: &str = include_str!("map/countries-110m.json");

/// Width of the drawing in SVG units; the height follows from the projection's aspect ratio.
const WIDTH: f64 = 1000.0;

#[derive(Deserialize)]
struct Topology {
    transform: Transform,
    arcs: Vec<Vec<[i64; 2]>>,
    objects: Objects,
}

#[derive(Deserialize)]
struct Transform {
    scale: [f64; 2],
    translate: [f64; 2],
}

#[derive(Deserialize)]
struct Objects {
    countries: Collection,
}

#[derive(Deserialize)]
struct Collection {
    geometries: Vec<Geometry>,
}

#[derive(Deserialize)]
struct Geometry {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    arcs: serde_json::Value,
    id: Option<String>,
    properties: Properties,
}

#[derive(Deserialize)]
struct Properties {
    name: String,
}

/// Equal Earth (Šavrič, Patterson, Jenny 2018): longitude and latitude in degrees to unscaled x, y (y up).
fn equal_earth(lon: f64, lat: f64) -> (f64, f64) {
    const A1: f64 = 1.340264;
    const A2: f64 = -0.081106;
    const A3: f64 = 0.000893;
    const A4: f64 = 0.003796;
    let m = 3f64.sqrt() / 2.0;
    let (l, p) = (lon.to_radians(), lat.to_radians());
    let theta = (m * p.sin()).asin();
    let t2 = theta * theta;
    let t6 = t2 * t2 * t2;
    let x = l * theta.cos() / (m * (A1 + 3.0 * A2 * t2 + t6 * (7.0 * A3 + 9.0 * A4 * t2)));
    let y = theta * (A1 + A2 * t2 + t6 * (A3 + A4 * t2));
    (x, y)
}

/// The projection's extent, from the edges of the world (longitude ±180, latitude ±90).
fn extent() -> (f64, f64) {
    let (x, _) = equal_earth(180.0, 0.0);
    let (_, y) = equal_earth(0.0, 90.0);
    (x, y)
}

/// Maps longitude and latitude to SVG coordinates: origin top left, `WIDTH` wide.
struct Projector {
    scale: f64,
    half_w: f64,
    half_h: f64,
}

impl Projector {
    fn new() -> Projector {
        let (x, y) = extent();
        let scale = WIDTH / (2.0 * x);
        Projector {
            scale,
            half_w: x * scale,
            half_h: y * scale,
        }
    }

    fn height(&self) -> f64 {
        2.0 * self.half_h
    }

    fn point(&self, lon: f64, lat: f64) -> (f64, f64) {
        let (x, y) = equal_earth(lon, lat);
        (self.half_w + x * self.scale, self.half_h - y * self.scale)
    }
}

impl Topology {
    /// An arc's points in degrees; a negative index `!i` means arc `i` reversed, as TopoJSON specifies.
    fn arc(&self, index: i64) -> Vec<(f64, f64)> {
        let i = if index < 0 { !index } else { index } as usize;
        let Some(deltas) = self.arcs.get(i) else {
            return Vec::new();
        };
        let (mut x, mut y) = (0i64, 0i64);
        let mut points: Vec<(f64, f64)> = deltas
            .iter()
            .map(|[dx, dy]| {
                x += dx;
                y += dy;
                (
                    x as f64 * self.transform.scale[0] + self.transform.translate[0],
                    y as f64 * self.transform.scale[1] + self.transform.translate[1],
                )
            })
            .collect();
        if index < 0 {
            points.reverse();
        }
        points
    }

    /// A ring's points: its arcs joined, each arc after the first without its first point (shared).
    fn ring(&self, arcs: &[i64]) -> Vec<(f64, f64)> {
        let mut points = Vec::new();
        for (k, &a) in arcs.iter().enumerate() {
            let arc = self.arc(a);
            points.extend(arc.into_iter().skip(usize::from(k > 0)));
        }
        points
    }
}

/// Rings of a Polygon or MultiPolygon geometry, as arc index lists.
fn rings(g: &Geometry) -> Vec<Vec<i64>> {
    let as_ring = |v: &serde_json::Value| -> Vec<i64> {
        v.as_array()
            .map(|a| a.iter().filter_map(serde_json::Value::as_i64).collect())
            .unwrap_or_default()
    };
    let polygon = |v: &serde_json::Value| -> Vec<Vec<i64>> {
        v.as_array()
            .map(|rs| rs.iter().map(as_ring).collect())
            .unwrap_or_default()
    };
    match g.kind.as_str() {
        "Polygon" => polygon(&g.arcs),
        "MultiPolygon" => g
            .arcs
            .as_array()
            .map(|ps| ps.iter().flat_map(polygon).collect())
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// Cuts at the antimeridian: a ring whose longitude jumps by more than 180° between two points is unwrapped
/// to run continuously past ±180°, then drawn again shifted by 360° so that both halves show inside the clip.
fn unwrap_ring(ring: &[(f64, f64)]) -> Vec<Vec<(f64, f64)>> {
    let mut out = Vec::with_capacity(ring.len());
    let mut offset = 0.0;
    let mut prev: Option<f64> = None;
    for &(lon, lat) in ring {
        if let Some(p) = prev {
            let d = lon - p;
            if d > 180.0 {
                offset -= 360.0;
            } else if d < -180.0 {
                offset += 360.0;
            }
        }
        prev = Some(lon);
        out.push((lon + offset, lat));
    }
    let max = out.iter().map(|p| p.0).fold(f64::MIN, f64::max);
    let min = out.iter().map(|p| p.0).fold(f64::MAX, f64::min);
    let mut copies = vec![out.clone()];
    if max > 180.0 {
        copies.push(out.iter().map(|&(x, y)| (x - 360.0, y)).collect());
    }
    if min < -180.0 {
        copies.push(out.iter().map(|&(x, y)| (x + 360.0, y)).collect());
    }
    copies
}

/// SVG path data for rings of degree coordinates. Equal Earth accepts longitudes past ±180° (the clip path
/// hides what falls outside the world's outline).
fn path_data(p: &Projector, rings: &[Vec<(f64, f64)>]) -> String {
    let mut d = String::new();
    for ring in rings {
        for (k, &(lon, lat)) in ring.iter().enumerate() {
            let (x, y) = p.point(lon, lat);
            let _ = write!(d, "{}{:.1},{:.1}", if k == 0 { 'M' } else { 'L' }, x, y);
        }
        d.push('Z');
    }
    d
}

/// The world's outline: the meridians ±180° from pole to pole.
fn outline(p: &Projector) -> String {
    let mut ring: Vec<(f64, f64)> = (-90..=90)
        .step_by(2)
        .map(|lat| (180.0, f64::from(lat)))
        .collect();
    ring.extend(
        (-90..=90)
            .rev()
            .step_by(2)
            .map(|lat| (-180.0, f64::from(lat))),
    );
    path_data(p, &[ring])
}

/// The map as inline SVG for the page at depth `root` ("" or "../"...).
pub fn svg(site: &Site, root: &str) -> String {
    let topology: Topology = match serde_json::from_str(TOPOLOGY) {
        Ok(t) => t,
        // The file is compiled in and a test renders it, so this only guards against a corrupt build.
        Err(_) => return String::new(),
    };
    let p = Projector::new();
    let outline = outline(&p);
    let mut out = String::with_capacity(160_000);
    let _ = write!(
        out,
        "<svg class=\"map\" viewBox=\"0 0 {WIDTH:.0} {:.0}\" aria-labelledby=\"map-title\">\
         <title id=\"map-title\">World map of the countries in this briefing, coloured by headline status</title>\
         <defs><clipPath id=\"map-clip\"><path d=\"{outline}\"/></clipPath></defs>\
         <path class=\"sphere\" d=\"{outline}\"/><g clip-path=\"url(#map-clip)\">",
        p.height()
    );
    for g in &topology.objects.countries.geometries {
        let rings: Vec<Vec<(f64, f64)>> = rings(g)
            .iter()
            .flat_map(|r| unwrap_ring(&topology.ring(r)))
            .collect();
        if rings.is_empty() {
            continue;
        }
        let d = path_data(&p, &rings);
        let country = site
            .countries
            .iter()
            .find(|c| match (&c.iso_numeric, &g.id) {
                (Some(n), Some(id)) => n == id,
                _ => g.id.is_none() && c.name == g.properties.name,
            });
        match country {
            Some(c) => {
                let _ = write!(
                    out,
                    "<a href=\"{root}{}\" aria-label=\"{}: {}\"><path class=\"country status-{}\" d=\"{d}\"/></a>",
                    urls::country(&c.slug),
                    tera::escape_html(&c.name),
                    c.headline.label(),
                    c.headline.key()
                );
            }
            None => {
                let _ = write!(out, "<path class=\"country\" d=\"{d}\"/>");
            }
        }
    }
    out.push_str("</g></svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_earth_is_symmetric_and_bounded() {
        let (x, y) = equal_earth(180.0, 90.0);
        let (xn, yn) = equal_earth(-180.0, -90.0);
        assert!((x + xn).abs() < 1e-12 && (y + yn).abs() < 1e-12);
        assert_eq!(equal_earth(0.0, 0.0), (0.0, 0.0));
        // Equal Earth's width-to-height ratio is about 2.05.
        let (w, h) = extent();
        assert!((w / h - 2.05).abs() < 0.01, "{}", w / h);
    }

    #[test]
    fn topology_decodes_every_country_the_map_needs() {
        let t: Topology = serde_json::from_str(TOPOLOGY).unwrap();
        let named: Vec<&str> = t
            .objects
            .countries
            .geometries
            .iter()
            .map(|g| g.properties.name.as_str())
            .collect();
        assert!(named.contains(&"Kosovo") && named.contains(&"Angola"));
        for g in &t.objects.countries.geometries {
            for ring in rings(g) {
                let points = t.ring(&ring);
                assert!(points.len() >= 4, "{}", g.properties.name);
                assert_eq!(
                    points.first(),
                    points.last(),
                    "{} ring not closed",
                    g.properties.name
                );
                assert!(points
                    .iter()
                    .all(|(lon, lat)| lon.abs() <= 180.0 + 1e-6 && lat.abs() <= 90.0 + 1e-6));
            }
        }
    }

    #[test]
    fn a_ring_across_the_antimeridian_is_unwrapped_and_copied() {
        let copies = unwrap_ring(&[
            (179.0, 0.0),
            (-179.0, 0.0),
            (-179.0, 1.0),
            (179.0, 1.0),
            (179.0, 0.0),
        ]);
        assert_eq!(copies.len(), 2);
        assert_eq!(copies[0][1], (181.0, 0.0));
        assert_eq!(copies[1][1], (-179.0, 0.0));
    }
}
