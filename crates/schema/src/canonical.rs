//! The Avro specification's Parsing Canonical Form and its CRC-64-AVRO fingerprint.
//!
//! Implemented here from the specification's rules rather than taken from `apache-avro`,
//! whose `canonical_form` (0.21) keeps `{"type":"long"}` where a logical type was stripped
//! instead of reducing it to `"long"` ([PRIMITIVES]); other implementations (Java, fastavro)
//! then compute a different fingerprint for the same schema.

use std::collections::HashSet;

use serde_json::{Map, Value};

const PRIMITIVES: &[&str] = &[
    "null", "boolean", "int", "long", "float", "double", "bytes", "string",
];
/// [STRIP] and [ORDER]: the only attributes kept, in this order.
const KEPT: &[&str] = &[
    "name", "type", "fields", "symbols", "items", "values", "size",
];

/// Parsing Canonical Form of a schema given as JSON text.
pub fn parsing_canonical_form(schema_json: &str) -> Result<String, String> {
    let v: Value = serde_json::from_str(schema_json).map_err(|e| e.to_string())?;
    let mut defined = HashSet::new();
    Ok(form(&v, "", &mut defined))
}

fn fullname(name: &str, namespace: &str) -> String {
    if name.contains('.') || namespace.is_empty() || PRIMITIVES.contains(&name) {
        name.to_string()
    } else {
        format!("{namespace}.{name}")
    }
}

fn quote(s: &str) -> String {
    Value::String(s.to_string()).to_string()
}

fn form(v: &Value, namespace: &str, defined: &mut HashSet<String>) -> String {
    match v {
        Value::String(name) => quote(&fullname(name, namespace)),
        Value::Array(branches) => format!(
            "[{}]",
            branches
                .iter()
                .map(|b| form(b, namespace, defined))
                .collect::<Vec<_>>()
                .join(",")
        ),
        Value::Object(obj) => object_form(obj, namespace, defined),
        other => other.to_string(),
    }
}

fn object_form(obj: &Map<String, Value>, namespace: &str, defined: &mut HashSet<String>) -> String {
    let ty = obj.get("type").and_then(Value::as_str).unwrap_or("");
    if PRIMITIVES.contains(&ty) {
        return quote(ty); // [PRIMITIVES], whatever else (logicalType, doc) the object carried
    }
    let named = matches!(ty, "record" | "error" | "enum" | "fixed");
    let mut ns = namespace.to_string();
    let mut name = None;
    if named {
        if let Some(n) = obj.get("name").and_then(Value::as_str) {
            if let Some(explicit) = obj.get("namespace").and_then(Value::as_str) {
                if !n.contains('.') {
                    ns = explicit.to_string();
                }
            }
            let full = fullname(n, &ns);
            if let Some((space, _)) = full.rsplit_once('.') {
                ns = space.to_string();
            }
            if !defined.insert(full.clone()) {
                return quote(&full); // already defined: a reference by name
            }
            name = Some(full);
        }
    }
    let mut parts = Vec::new();
    for key in KEPT {
        let Some(value) = obj.get(*key) else { continue };
        let rendered = match *key {
            "name" => match &name {
                Some(full) => quote(full),
                None => continue,
            },
            "type" => match value.as_str() {
                Some(t @ ("record" | "error" | "enum" | "fixed" | "array" | "map")) => quote(t),
                _ => form(value, &ns, defined),
            },
            "fields" => {
                let fields = value.as_array().cloned().unwrap_or_default();
                let rendered: Vec<String> = fields
                    .iter()
                    .map(|f| {
                        let fname = f.get("name").and_then(Value::as_str).unwrap_or("");
                        let ftype = f
                            .get("type")
                            .map(|t| form(t, &ns, defined))
                            .unwrap_or_default();
                        format!("{{\"name\":{},\"type\":{ftype}}}", quote(fname))
                    })
                    .collect();
                format!("[{}]", rendered.join(","))
            }
            "items" | "values" => form(value, &ns, defined),
            _ => value.to_string(),
        };
        parts.push(format!("{}:{rendered}", quote(key)));
    }
    format!("{{{}}}", parts.join(","))
}

/// CRC-64-AVRO (Rabin) fingerprint, as defined in the specification.
pub fn fingerprint64(bytes: &[u8]) -> u64 {
    const EMPTY: u64 = 0xc15d_213a_a4d7_a795;
    static TABLE: std::sync::LazyLock<[u64; 256]> = std::sync::LazyLock::new(|| {
        let mut t = [0u64; 256];
        for (i, slot) in t.iter_mut().enumerate() {
            let mut fp = i as u64;
            for _ in 0..8 {
                fp = (fp >> 1) ^ (EMPTY & 0u64.wrapping_sub(fp & 1));
            }
            *slot = fp;
        }
        t
    });
    let mut fp = EMPTY;
    for b in bytes {
        fp = (fp >> 8) ^ TABLE[((fp ^ *b as u64) & 0xff) as usize];
    }
    fp
}
