//! A small sRGB ICC profile (version 2.1, display class, matrix/TRC), built in code: PDF/A
//! needs an output intent with an embedded ICC profile before a page may use `DeviceRGB`.
//! Colorants are the sRGB primaries adapted to the D50 connection space (Bradford), and the
//! tone curve is the sRGB transfer function sampled at 1024 points.

/// The profile bytes.
pub fn srgb_profile() -> Vec<u8> {
    let curve = trc();
    let tags: Vec<([u8; 4], Vec<u8>)> = vec![
        (*b"desc", desc("sRGB IEC61966-2.1 (Sigillo)")),
        (*b"cprt", text("No copyright, use freely")),
        (*b"wtpt", xyz(0.9505, 1.0, 1.0891)),
        (*b"rXYZ", xyz(0.4361, 0.2225, 0.0139)),
        (*b"gXYZ", xyz(0.3851, 0.7169, 0.0971)),
        (*b"bXYZ", xyz(0.1431, 0.0606, 0.7141)),
        (*b"rTRC", curve.clone()),
        (*b"gTRC", curve.clone()),
        (*b"bTRC", curve),
    ];

    let table_len = 4 + 12 * tags.len();
    let mut offset = 128 + table_len;
    let mut table = Vec::with_capacity(table_len);
    table.extend_from_slice(&(tags.len() as u32).to_be_bytes());
    let mut data = Vec::new();
    for (sig, body) in &tags {
        table.extend_from_slice(sig);
        table.extend_from_slice(&(offset as u32).to_be_bytes());
        table.extend_from_slice(&(body.len() as u32).to_be_bytes());
        data.extend_from_slice(body);
        offset += body.len();
        while data.len() % 4 != 0 {
            data.push(0);
            offset += 1;
        }
    }
    let size = 128 + table.len() + data.len();

    let mut h = vec![0u8; 128];
    h[0..4].copy_from_slice(&(size as u32).to_be_bytes());
    h[8..12].copy_from_slice(&0x0210_0000u32.to_be_bytes());
    h[12..16].copy_from_slice(b"mntr");
    h[16..20].copy_from_slice(b"RGB ");
    h[20..24].copy_from_slice(b"XYZ ");
    // Creation date: 2025-01-01 00:00:00 (fixed, so the profile is reproducible).
    for (i, v) in [2025u16, 1, 1, 0, 0, 0].iter().enumerate() {
        h[24 + 2 * i..26 + 2 * i].copy_from_slice(&v.to_be_bytes());
    }
    h[36..40].copy_from_slice(b"acsp");
    // Rendering intent 0 (perceptual); PCS illuminant D50.
    h[68..80].copy_from_slice(&xyz(0.9642, 1.0, 0.8249)[8..20]);

    let mut out = h;
    out.extend_from_slice(&table);
    out.extend_from_slice(&data);
    out
}

fn s15f16(v: f64) -> [u8; 4] {
    ((v * 65536.0).round() as i32).to_be_bytes()
}

fn xyz(x: f64, y: f64, z: f64) -> Vec<u8> {
    let mut v = b"XYZ \0\0\0\0".to_vec();
    for c in [x, y, z] {
        v.extend_from_slice(&s15f16(c));
    }
    v
}

fn text(s: &str) -> Vec<u8> {
    let mut v = b"text\0\0\0\0".to_vec();
    v.extend_from_slice(s.as_bytes());
    v.push(0);
    v
}

fn desc(s: &str) -> Vec<u8> {
    let mut v = b"desc\0\0\0\0".to_vec();
    v.extend_from_slice(&((s.len() + 1) as u32).to_be_bytes());
    v.extend_from_slice(s.as_bytes());
    v.push(0);
    // No Unicode description (language 0, count 0), no ScriptCode (code 0, count 0, 67 bytes).
    v.extend_from_slice(&[0u8; 8]);
    v.extend_from_slice(&[0u8; 3]);
    v.extend_from_slice(&[0u8; 67]);
    v
}

fn trc() -> Vec<u8> {
    const N: usize = 1024;
    let mut v = b"curv\0\0\0\0".to_vec();
    v.extend_from_slice(&(N as u32).to_be_bytes());
    for i in 0..N {
        let x = i as f64 / (N - 1) as f64;
        let y = if x <= 0.04045 {
            x / 12.92
        } else {
            ((x + 0.055) / 1.055).powf(2.4)
        };
        v.extend_from_slice(&((y * 65535.0).round() as u16).to_be_bytes());
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profile_is_well_formed() {
        let p = srgb_profile();
        assert_eq!(
            u32::from_be_bytes(p[0..4].try_into().unwrap()) as usize,
            p.len()
        );
        assert_eq!(&p[36..40], b"acsp");
        let count = u32::from_be_bytes(p[128..132].try_into().unwrap()) as usize;
        assert_eq!(count, 9);
        for i in 0..count {
            let e = &p[132 + 12 * i..144 + 12 * i];
            let off = u32::from_be_bytes(e[4..8].try_into().unwrap()) as usize;
            let len = u32::from_be_bytes(e[8..12].try_into().unwrap()) as usize;
            assert_eq!(off % 4, 0);
            assert!(off + len <= p.len());
        }
    }
}
