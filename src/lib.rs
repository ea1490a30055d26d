//! briefing: a static-site generator for a cited reference briefing. Stages: load -> validate -> render -> write.

// A Diagnostic is large, but it only travels on the error path, once per problem: boxing it buys nothing.
#![allow(clippy::result_large_err)]

pub mod bundle;
pub mod cli;
pub mod content;
pub mod coverage;
pub mod dates;
pub mod diag;
pub mod history;
pub mod load;
pub mod model;
pub mod new;
pub mod quote;
pub mod render;
pub mod schema;
pub mod serve;
pub mod site;
pub mod spans;
pub mod status;
pub mod suggest;
pub mod support;
pub mod validate;
pub mod write;
