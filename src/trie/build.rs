//! Building a `Trie`: its node records in sorted-key order, the root's table and the
//! jump table of short words, from the keys sorted.

use super::*;

impl Trie {
    pub(super) fn build(keys: &[(&[u8], u32)], stem: Option<&dyn Fn(u32) -> bool>) -> Option<Trie> {
        let mut order: Vec<u32> = (0..keys.len() as u32)
            .filter(|&i| !keys[i as usize].0.is_empty())
            .collect();
        order.sort_by(|&a, &b| keys[a as usize].0.cmp(keys[b as usize].0).then(a.cmp(&b)));
        let common = |a: &[u8], b: &[u8]| a.iter().zip(b).take_while(|(x, y)| x == y).count();
        let mut nodes = 1;
        let mut prev: &[u8] = &[];
        // Per key in order, the length it shares with the one before: counted once, for
        // the node count here and the build below.
        let mut shared: Vec<u32> = Vec::with_capacity(order.len());
        for &i in &order {
            let key = keys[i as usize].0;
            let c = common(key, prev);
            nodes += key.len() - c;
            shared.push(c as u32);
            prev = key;
        }
        if nodes > MAX_NODES {
            return None;
        }
        // Per node, by id (the order of the sorted keys, so a node's first child is the
        // next id): its parent and its byte (`parent << 8 | byte`), its count of children.
        let mut links: Vec<u32> = Vec::with_capacity(nodes);
        links.push(ROOT);
        let mut children = vec![0u16; nodes];
        // Per node where keys end, its id: in id order, as a key ends at the node last
        // made or at the previous key's.
        let mut end_nodes: Vec<u32> = Vec::with_capacity(order.len());
        let mut ends: Vec<(u32, u32)> = Vec::with_capacity(order.len());
        let mut values: Vec<u32> = Vec::with_capacity(order.len());
        // With the table: per node, whether a stem ends there; per word, its node id.
        let mut stem_ends: Vec<bool> = vec![false; if stem.is_some() { nodes } else { 0 }];
        let mut words: Vec<(u64, u32)> = Vec::new();
        // The prefix stems that can end inside a word of the table (see `Jump::new`).
        let mut run_stems: Vec<&[u8]> = Vec::new();
        // The length of the previous key's first word (`run_len`); none before the first.
        let mut prev_word = usize::MAX;
        // The path of node ids to the previous key's bytes.
        let mut path: Vec<u32> = vec![ROOT];
        let mut next_id = 1u32;
        let mut prev: &[u8] = &[];
        for (&i, &c) in order.iter().zip(&shared) {
            let (key, value) = keys[i as usize];
            let c = c as usize;
            path.truncate(c + 1);
            for &b in &key[c..] {
                let up = path[path.len() - 1];
                let id = next_id;
                next_id += 1;
                links.push(up << 8 | u32::from(b));
                children[up as usize] += 1;
                path.push(id);
            }
            let node = path[path.len() - 1] as usize;
            if prev == key {
                ends[end_nodes.len() - 1].1 += 1;
            } else {
                let at = values.len() as u32;
                ends.push((at, at + 1));
                end_nodes.push(node as u32);
            }
            values.push(value);
            if let Some(stem) = stem {
                if stem(value) {
                    stem_ends[node] = true;
                    if key.len() < RUN_MAX && run_len(key, 0) == key.len() {
                        run_stems.push(key);
                    }
                }
                // The key's first word, unless the previous key's (sorted, keys sharing
                // it come together), if short, and if no stem ends inside it (a key ending
                // inside it comes before this one, and its flag is set).
                if c < prev_word || (c == prev_word && key.len() > c) {
                    // Its first `c` bytes are the previous key's, inside its word.
                    prev_word = run_len(key, c.min(prev_word));
                    let m = prev_word;
                    if (1..=RUN_MAX).contains(&m)
                        && !path[1..m].iter().any(|&n| stem_ends[n as usize])
                    {
                        words.push((pack(&key[..m]), path[m]));
                    }
                }
            }
            prev = key;
        }
        // The records, in id order: each node's header (with its values' index and room
        // for its children), then its byte and position in its parent's record, which
        // comes before it. `children` counts down the children not yet placed.
        let len = nodes
            + ends.len()
            + children
                .iter()
                .map(|&n| record_len(u32::from(n), false) - 1)
                .sum::<usize>();
        // One more cell: a dead end, a leaf without keys (a zero header), the node after a
        // word by a space in the jump table when there is none.
        let mut cells = vec![0u32; len + 1];
        let mut pos = vec![0u32; nodes];
        let mut first = [(NONE, 0); 256];
        let mut next_end = 0;
        // Where the next record goes.
        let mut p = 0;
        for (id, &link) in links.iter().enumerate() {
            pos[id] = p as u32;
            let n = u32::from(children[id]);
            let kind = match n {
                0 => LEAF,
                1 => ONE,
                2..=GROUP => MANY | (n - 1) << (COUNT_SHIFT - KIND_SHIFT),
                n => WIDE | (n - 1) << (COUNT_SHIFT - KIND_SHIFT),
            };
            let ends_here = end_nodes.get(next_end) == Some(&(id as u32));
            cells[p] = kind << KIND_SHIFT;
            if ends_here {
                let (s, e) = ends[next_end];
                cells[p] |= HAS_VALUES;
                cells[p + 1] = if e - s == 1 {
                    cells[p] |= ONE_VALUE;
                    values[s as usize]
                } else {
                    next_end as u32
                };
                next_end += 1;
            }
            let here = p;
            p += record_len(n, ends_here);
            if id == 0 {
                continue;
            }
            let (up, b) = ((link >> 8) as usize, link as u8);
            if up == ROOT as usize {
                first[b as usize].0 = here as u32;
            }
            let q = pos[up] as usize;
            let h = cells[q];
            let kind = h >> KIND_SHIFT & 3;
            if kind == ONE {
                cells[q] |= u32::from(b);
                continue;
            }
            // The `j`th child (children come in the order of their bytes).
            let n = (h >> COUNT_SHIFT & 0xFF) as usize + 1;
            let j = n - children[up] as usize;
            children[up] -= 1;
            let at = q + 1 + (h >> 8 & 1) as usize;
            if kind == MANY {
                // The last byte pads the group (see `find_byte`).
                for k in j..if j + 1 < n { j + 1 } else { GROUP as usize } {
                    set_label(&mut cells, at, k, b);
                }
                cells[at + 2 + j] = here as u32;
            } else {
                cells[at + usize::from(b / 32)] |= 1 << (b % 32);
                for w in usize::from(b >> 6) + 1..4 {
                    cells[at + BITMAP_CELLS] += 1 << (8 * w);
                }
                cells[at + BITMAP_CELLS + 1 + j] = here as u32;
            }
        }
        for f in &mut first {
            if f.0 != NONE {
                f.1 = cells[f.0 as usize];
            }
        }
        let dead = len as u32;
        let jump = stem.map(|_| {
            let words: Vec<(u64, u32, u32)> = words
                .iter()
                .map(|&(word, id)| {
                    let p = pos[id as usize];
                    let h = cells[p as usize];
                    let space = child(&cells, p, h, b' ').unwrap_or(dead);
                    let values = if h & HAS_VALUES != 0 { WORD_VALUES } else { 0 };
                    (word, p | values, space)
                })
                .collect();
            Jump::new(&words, &run_stems)
        });
        Some(Trie {
            cells,
            first,
            ends,
            values,
            jump,
        })
    }
}

/// Writes byte `b` as the `j`th of the bytes that start at cell `at`.
fn set_label(cells: &mut [u32], at: usize, j: usize, b: u8) {
    let (cell, shift) = (at + j / 4, 8 * (j % 4));
    cells[cell] = cells[cell] & !(0xFF << shift) | u32::from(b) << shift;
}
