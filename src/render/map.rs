//! The status map: an SVG drawn at build time from Natural Earth country shapes (world-atlas TopoJSON, embedded
//! in the binary), in the Equal Earth projection, each briefing country coloured by its headline status and
//! linked to its page. No tiles, no scripts, nothing fetched.

use std::collections::HashMap;
use std::fmt::Write as _;

use serde::Deserialize;

use crate::model::{Country, Site};
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

/// A country's shape as drawn: the same for every site, so projected once per process (`world`).
struct Shape {
    /// The ISO 3166-1 numeric code, when the shapes have one (Kosovo and Northern Cyprus do not).
    id: Option<String>,
    name: String,
    d: String,
    /// The centre of its largest part's bounding box, and that box's larger side, in SVG units.
    centre: (f64, f64),
    size: f64,
}

/// The world's outline, every country's shape, and the drawing's height.
struct World {
    outline: String,
    shapes: Vec<Shape>,
    height: f64,
}

/// The projected shapes, made on first use: parsing and projecting them is most of a map's cost, and a build
/// draws the map twice (the home page, status-map.svg), the preview server on every rebuild.
fn world() -> Option<&'static World> {
    static WORLD: std::sync::OnceLock<Option<World>> = std::sync::OnceLock::new();
    WORLD.get_or_init(project_world).as_ref()
}

fn project_world() -> Option<World> {
    // The file is compiled in and a test renders it, so this only guards against a corrupt build.
    let topology: Topology = serde_json::from_str(TOPOLOGY).ok()?;
    let p = Projector::new();
    let mut shapes = Vec::new();
    for g in topology.objects.countries.geometries.iter() {
        let rings: Vec<Vec<(f64, f64)>> = rings(g)
            .iter()
            .flat_map(|r| unwrap_ring(&topology.ring(r)))
            .collect();
        if rings.is_empty() {
            continue;
        }
        // The largest part decides where the name goes (France's is not in French Guiana).
        let parts: Vec<Vec<(f64, f64)>> = rings
            .iter()
            .map(|r| r.iter().map(|&(lon, lat)| p.point(lon, lat)).collect())
            .collect();
        let (x0, y0, x1, y1) = parts
            .iter()
            .map(|r| bbox(r))
            .filter(|b| b.0 >= 0.0 && b.2 <= WIDTH)
            .max_by(|a, b| ((a.2 - a.0) * (a.3 - a.1)).total_cmp(&((b.2 - b.0) * (b.3 - b.1))))
            .unwrap_or_else(|| bbox(&parts.concat()));
        shapes.push(Shape {
            id: g.id.clone(),
            name: g.properties.name.clone(),
            d: path_data(&p, &rings),
            centre: ((x0 + x1) / 2.0, (y0 + y1) / 2.0),
            size: (x1 - x0).max(y1 - y0),
        });
    }
    Some(World {
        outline: outline(&p),
        shapes,
        height: p.height(),
    })
}

/// A briefing country on the map, with its shape.
struct Placed<'a> {
    country: &'a Country,
    shape: &'a Shape,
}

/// Countries drawn smaller than this (the larger side of their largest part, in SVG units, about 1.1 px each on a
/// desktop screen) get a dot and a callout with their name, so that Eswatini or Kosovo cannot vanish.
const SMALL: f64 = 14.0;
const LABEL_SIZE: f64 = 11.0;
/// A briefing country whose centre is nearer than this to another's (Guatemala, Honduras and Panama among the
/// small Central American states) is named in a callout too: names shown in place would collide.
const CROWDED: f64 = 26.0;

/// Whether `p` gets a dot and a callout rather than a name in place: it is small, or crowded by another.
fn called_out(p: &Placed, all: &[Placed]) -> bool {
    p.shape.size < SMALL
        || all.iter().any(|q| {
            !std::ptr::eq(p, q)
                && (p.shape.centre.0 - q.shape.centre.0).hypot(p.shape.centre.1 - q.shape.centre.1)
                    < CROWDED
        })
}

fn bbox(points: &[(f64, f64)]) -> (f64, f64, f64, f64) {
    points.iter().fold(
        (f64::MAX, f64::MAX, f64::MIN, f64::MIN),
        |(x0, y0, x1, y1), &(x, y)| (x0.min(x), y0.min(y), x1.max(x), y1.max(y)),
    )
}

/// Label boxes as (x0, y0, x1, y1); a name is about 0.6 em per character.
fn label_box(x: f64, y: f64, anchor_end: bool, text: &str) -> (f64, f64, f64, f64) {
    let w = text.chars().count() as f64 * LABEL_SIZE * 0.6;
    let x0 = if anchor_end { x - w } else { x };
    (x0 - 2.0, y - LABEL_SIZE, x0 + w + 2.0, y + 3.0)
}

fn overlaps(a: (f64, f64, f64, f64), b: (f64, f64, f64, f64)) -> bool {
    a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
}

/// Places each small country's name near its dot, trying directions and distances in a fixed order and taking
/// the first spot that overlaps no name placed before and stays on the drawing: deterministic, and good enough
/// for the dozen small states a briefing names.
fn callouts(small: &[&Placed], width: f64, height: f64) -> Vec<(f64, f64, bool)> {
    let mut taken: Vec<(f64, f64, f64, f64)> = small
        .iter()
        .map(|p| {
            (
                p.shape.centre.0 - 4.0,
                p.shape.centre.1 - 4.0,
                p.shape.centre.0 + 4.0,
                p.shape.centre.1 + 4.0,
            )
        })
        .collect();
    let directions = [
        (1.0, -1.0),
        (-1.0, -1.0),
        (1.0, 1.0),
        (-1.0, 1.0),
        (1.0, 0.0),
        (-1.0, 0.0),
        (0.0, -1.0),
        (0.0, 1.0),
    ];
    small
        .iter()
        .map(|p| {
            let name = &p.country.name;
            let mut best = None;
            'search: for distance in [18.0, 30.0, 44.0, 60.0, 80.0] {
                for (dx, dy) in directions {
                    let x = p.shape.centre.0 + dx * distance;
                    let y = p.shape.centre.1 + dy * distance * 0.7 + LABEL_SIZE * 0.35;
                    let end = dx < 0.0;
                    let b = label_box(x, y, end, name);
                    let inside = b.0 >= 0.0 && b.2 <= width && b.1 >= 0.0 && b.3 <= height;
                    if inside && !taken.iter().any(|t| overlaps(*t, b)) {
                        best = Some((x, y, end, b));
                        break 'search;
                    }
                }
            }
            let (x, y, end, b) = best.unwrap_or_else(|| {
                let (x, y) = (p.shape.centre.0 + 18.0, p.shape.centre.1);
                (x, y, false, label_box(x, y, false, name))
            });
            taken.push(b);
            (x, y, end)
        })
        .collect()
}

/// The map as inline SVG for the page at depth `root` ("" or "../"...). It repeats the status tables, which are
/// the way in for keyboard and screen-reader users: the drawing is hidden from assistive technology and its links
/// are out of the tab order (one tab stop per country, in the table). Names show on hover and when the country's
/// row in a table has focus (static/map.js), and always for small states, in callouts.
pub fn svg(site: &Site, root: &str) -> String {
    let Some((drawing, height)) = drawing(site, root) else {
        return String::new();
    };
    format!(
        "<svg class=\"map\" viewBox=\"0 0 {WIDTH:.0} {height:.0}\" aria-hidden=\"true\" focusable=\"false\">{drawing}</svg>"
    )
}

/// Height of the legend and the credits below the map in the standalone file.
const LEGEND_HEIGHT: f64 = 190.0;

/// The map as a file of its own (`status-map.svg`, beside the home page), to take away: the same drawing, with
/// its colours written in (from the site's stylesheet `css`, the light scheme), every country named, a legend of
/// the statuses with their counts, and a line saying where it comes from and under what licence.
pub fn standalone(site: &Site, css: &str, credits: &str) -> String {
    let Some((drawing, height)) = drawing(site, "") else {
        return String::new();
    };
    let total = height + LEGEND_HEIGHT;
    let esc = |s: &str| crate::render::templates::escape_html(s);
    let mut legend = String::new();
    for (i, (stage, _)) in crate::status::RULE.iter().enumerate() {
        let count = site
            .countries
            .iter()
            .filter(|c| c.headline.stage == *stage)
            .count();
        let (x, y) = legend_place(i, height);
        let _ = write!(
            legend,
            "<rect class=\"country status-{}\" x=\"{x:.0}\" y=\"{:.0}\" width=\"16\" height=\"16\"/><text x=\"{:.0}\" y=\"{y:.0}\">{} ({count})</text>",
            stage.key(),
            y - 12.0,
            x + 22.0,
            esc(stage.label())
        );
    }
    let (x, y) = legend_place(crate::status::RULE.len(), height);
    let _ = write!(
        legend,
        "<rect class=\"country\" x=\"{x:.0}\" y=\"{:.0}\" width=\"16\" height=\"16\"/><rect class=\"conflict-overlay\" x=\"{x:.0}\" y=\"{:.0}\" width=\"16\" height=\"16\"/><text x=\"{:.0}\" y=\"{y:.0}\">Hatched: a disagreement disputes a status</text>",
        y - 12.0,
        y - 12.0,
        x + 22.0
    );
    let below = legend_place(crate::status::RULE.len() + 2, height).1;
    for (i, line) in credits.lines().enumerate() {
        let _ = write!(
            legend,
            "<text class=\"credits\" x=\"20\" y=\"{:.0}\">{}</text>",
            below + 22.0 + i as f64 * 16.0,
            esc(line)
        );
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH:.0} {total:.0}\" role=\"img\" aria-labelledby=\"map-title\"><title id=\"map-title\">{}: status by country</title><style>{}</style><rect class=\"page\" width=\"{WIDTH:.0}\" height=\"{total:.0}\"/><svg class=\"map\" width=\"{WIDTH:.0}\" height=\"{height:.0}\" viewBox=\"0 0 {WIDTH:.0} {height:.0}\">{drawing}</svg><g class=\"map legend\">{legend}</g></svg>\n",
        esc(&site.title),
        standalone_css(css)
    )
}

/// Where the `i`-th legend entry's swatch starts (x) and its text's baseline (y): three columns below the map.
fn legend_place(i: usize, map_height: f64) -> (f64, f64) {
    (
        20.0 + (i % 3) as f64 * 325.0,
        map_height + 22.0 + (i / 3) as f64 * 26.0,
    )
}

/// The stylesheet's map rules with its light scheme's colours written in (`var(--x)` replaced by the value of
/// `--x` in the first `:root` block), so that the file needs no other: drawing programs ignore CSS variables.
fn standalone_css(css: &str) -> String {
    let root = css
        .split(":root")
        .nth(1)
        .and_then(|r| r.split_once('{'))
        .and_then(|(_, r)| r.split_once('}'))
        .map_or("", |(vars, _)| vars);
    let vars: Vec<(&str, &str)> = root
        .split(';')
        .filter_map(|d| d.split_once(':'))
        .map(|(k, v)| (k.trim(), v.trim()))
        .filter(|(k, _)| k.starts_with("--"))
        .collect();
    let mut out = String::from(
        ".page { fill: var(--bg); } text { font: 13px system-ui, sans-serif; fill: var(--fg); } .credits { font-size: 11px; fill: var(--muted); } ",
    );
    for line in css.lines().filter(|l| l.starts_with(".map ")) {
        out.push_str(line);
        out.push(' ');
    }
    // Names that a page shows on hover are always shown on paper.
    out.push_str(".map .names text { display: inline; }");
    for (k, v) in vars {
        out = out.replace(&format!("var({k})"), v);
    }
    out
}

/// The map's drawing (its definitions, the countries, the callouts and the names) for the page at depth `root`,
/// and its height; `None` if the compiled-in shapes cannot be read.
fn drawing(site: &Site, root: &str) -> Option<(String, f64)> {
    let world = world()?;
    let outline = &world.outline;
    // A shape is a briefing country's by its numeric code, or by its name where the shapes give no code; the
    // first country in slug order wins.
    let mut by_code: HashMap<&str, &Country> = HashMap::new();
    let mut by_name: HashMap<&str, &Country> = HashMap::new();
    for c in &site.countries {
        if let Some(n) = &c.iso_numeric {
            by_code.entry(n).or_insert(c);
        }
        by_name.entry(&c.name).or_insert(c);
    }
    let mut plain = String::with_capacity(120_000);
    let mut placed: Vec<Placed> = Vec::new();
    for shape in &world.shapes {
        let country = match &shape.id {
            Some(id) => by_code.get(id.as_str()),
            None => by_name.get(shape.name.as_str()),
        };
        match country {
            Some(&country) => placed.push(Placed { country, shape }),
            None => {
                let _ = write!(plain, "<path class=\"country\" d=\"{}\"/>", shape.d);
            }
        }
    }
    // In the tables' order, so that the drawing reads in the same order when inspected.
    placed.sort_by(|a, b| a.country.name.cmp(&b.country.name));
    let height = world.height;
    let mut out = String::with_capacity(200_000);
    let _ = write!(
        out,
        "<defs><clipPath id=\"map-clip\"><path d=\"{outline}\"/></clipPath>\
         <pattern id=\"hatch-refused\" width=\"5\" height=\"5\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect class=\"hatch-bg\" width=\"5\" height=\"5\"/><rect class=\"hatch-line\" width=\"1.6\" height=\"5\"/></pattern>\
         <pattern id=\"hatch-conflict\" width=\"5\" height=\"5\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(-45)\"><rect class=\"conflict-line\" width=\"1.2\" height=\"5\"/><rect class=\"conflict-gap\" x=\"1.2\" width=\"1\" height=\"5\"/></pattern>\
         </defs><path class=\"sphere\" d=\"{outline}\"/><g clip-path=\"url(#map-clip)\">{plain}"
    );
    for pl in &placed {
        let c = pl.country;
        let support = crate::support::of_headline(site, c)
            .map_or(String::new(), |s| format!("; support: {}", s.level.label()));
        let _ = write!(
            out,
            "<a href=\"{root}{}\" tabindex=\"-1\" data-country=\"{}\"><title>{}: {}{support}</title><path class=\"country status-{}\" d=\"{}\"/>{}</a>",
            urls::country(&c.slug),
            c.slug,
            crate::render::templates::escape_html(&c.name),
            c.headline.label(),
            c.headline.key(),
            pl.shape.d,
            if c.headline.dispute().is_some() {
                format!("<path class=\"conflict-overlay\" d=\"{}\"/>", pl.shape.d)
            } else {
                String::new()
            }
        );
    }
    out.push_str("</g>");
    let small: Vec<&Placed> = placed.iter().filter(|pl| called_out(pl, &placed)).collect();
    out.push_str("<g class=\"callouts\">");
    for (pl, (x, y, end)) in small.iter().zip(callouts(&small, WIDTH, height)) {
        let (cx, cy) = pl.shape.centre;
        // A disputed status marks the dot too: a state drawn this small shows no hatching.
        let (dispute, radius) = if pl.country.headline.dispute().is_some() {
            (" dispute", 5.0)
        } else {
            ("", 3.5)
        };
        let _ = write!(
            out,
            "<g data-country=\"{}\"><line x1=\"{cx:.1}\" y1=\"{cy:.1}\" x2=\"{:.1}\" y2=\"{:.1}\"/><circle class=\"dot status-{}{dispute}\" cx=\"{cx:.1}\" cy=\"{cy:.1}\" r=\"{radius}\"/><text x=\"{x:.1}\" y=\"{y:.1}\"{}>{}</text></g>",
            pl.country.slug,
            x,
            y - LABEL_SIZE * 0.35,
            pl.country.headline.key(),
            if end { " text-anchor=\"end\"" } else { "" },
            crate::render::templates::escape_html(&pl.country.name)
        );
    }
    out.push_str("</g><g class=\"names\">");
    for pl in placed.iter().filter(|pl| !called_out(pl, &placed)) {
        let _ = write!(
            out,
            "<text data-country=\"{}\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
            pl.country.slug,
            pl.shape.centre.0,
            pl.shape.centre.1 + LABEL_SIZE * 0.35,
            crate::render::templates::escape_html(&pl.country.name)
        );
    }
    out.push_str("</g>");
    Some((out, height))
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
