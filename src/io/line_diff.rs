//! Line differences between two texts, as `diff -u` and `git diff` show them: what
//! `buildout set --dry-run` prints, and how tests check that a save changed only its lines.

/// Largest middle part compared line by line; beyond it, the middle counts as replaced whole.
const MAX_CELLS: usize = 4_000_000;

/// One line of a difference.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    Same,
    Removed,
    Added,
}

/// The lines removed from `a` and added in `b`, in order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Changes {
    pub removed: Vec<String>,
    pub added: Vec<String>,
}

/// The lines that differ between `a` and `b`.
pub fn changes(a: &str, b: &str) -> Changes {
    let (la, lb): (Vec<&str>, Vec<&str>) = (a.lines().collect(), b.lines().collect());
    let mut out = Changes::default();
    let (mut i, mut j) = (0, 0);
    for op in ops(&la, &lb) {
        match op {
            Op::Same => {
                i += 1;
                j += 1;
            }
            Op::Removed => {
                out.removed.push(la[i].to_owned());
                i += 1;
            }
            Op::Added => {
                out.added.push(lb[j].to_owned());
                j += 1;
            }
        }
    }
    out
}

/// A unified diff of `a` (named `a_name`) to `b` with 3 lines of context; empty when the
/// texts have the same lines.
pub fn unified(a: &str, b: &str, a_name: &str, b_name: &str) -> String {
    const CONTEXT: usize = 3;
    let (la, lb): (Vec<&str>, Vec<&str>) = (a.lines().collect(), b.lines().collect());
    let ops = ops(&la, &lb);
    // Each op with its line numbers (0-based) in a and b.
    let mut at = Vec::with_capacity(ops.len());
    let (mut i, mut j) = (0, 0);
    for &op in &ops {
        at.push((op, i, j));
        match op {
            Op::Same => {
                i += 1;
                j += 1;
            }
            Op::Removed => i += 1,
            Op::Added => j += 1,
        }
    }
    let changed: Vec<usize> = (0..at.len()).filter(|&k| at[k].0 != Op::Same).collect();
    if changed.is_empty() {
        return String::new();
    }
    let mut out = format!("--- {a_name}\n+++ {b_name}\n");
    let mut k = 0;
    while k < changed.len() {
        let start = changed[k].saturating_sub(CONTEXT);
        let mut end = changed[k];
        while k < changed.len() && changed[k] <= end + 2 * CONTEXT + 1 {
            end = changed[k];
            k += 1;
        }
        let end = (end + CONTEXT + 1).min(at.len());
        let hunk = &at[start..end];
        let count = |op: Op| hunk.iter().filter(|h| h.0 == Op::Same || h.0 == op).count();
        let (na, nb) = (count(Op::Removed), count(Op::Added));
        let (_, i0, j0) = hunk[0];
        let first = |n: usize, l: usize| if n == 0 { l } else { l + 1 };
        out.push_str(&format!(
            "@@ -{},{na} +{},{nb} @@\n",
            first(na, i0),
            first(nb, j0)
        ));
        for &(op, i, j) in hunk {
            match op {
                Op::Same => out.push_str(&format!(" {}\n", la[i])),
                Op::Removed => out.push_str(&format!("-{}\n", la[i])),
                Op::Added => out.push_str(&format!("+{}\n", lb[j])),
            }
        }
    }
    out
}

/// The edit script from `a` to `b`: common ends, then a longest common subsequence.
fn ops(a: &[&str], b: &[&str]) -> Vec<Op> {
    let pre = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let suf = a[pre..]
        .iter()
        .rev()
        .zip(b[pre..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (ma, mb) = (&a[pre..a.len() - suf], &b[pre..b.len() - suf]);
    let mut out = vec![Op::Same; pre];
    let (h, w) = (ma.len(), mb.len());
    if h * w > MAX_CELLS {
        out.extend(std::iter::repeat_n(Op::Removed, h));
        out.extend(std::iter::repeat_n(Op::Added, w));
    } else {
        let mut len = vec![0u32; (h + 1) * (w + 1)];
        for x in (0..h).rev() {
            for y in (0..w).rev() {
                len[x * (w + 1) + y] = if ma[x] == mb[y] {
                    len[(x + 1) * (w + 1) + y + 1] + 1
                } else {
                    len[(x + 1) * (w + 1) + y].max(len[x * (w + 1) + y + 1])
                };
            }
        }
        let (mut x, mut y) = (0, 0);
        while x < h || y < w {
            if x < h && y < w && ma[x] == mb[y] {
                out.push(Op::Same);
                x += 1;
                y += 1;
            } else if y == w || (x < h && len[(x + 1) * (w + 1) + y] >= len[x * (w + 1) + y + 1]) {
                out.push(Op::Removed);
                x += 1;
            } else {
                out.push(Op::Added);
                y += 1;
            }
        }
    }
    out.extend(std::iter::repeat_n(Op::Same, suf));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_unified_diff_shows_the_changed_line_in_its_context() {
        let a = "1\n2\n3\n4\n5\n6\n7\n8\n9\n";
        let b = "1\n2\n3\n4\nfive\n6\n7\n8\n9\n";
        assert_eq!(
            unified(a, b, "a/x", "b/x"),
            "--- a/x\n+++ b/x\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n"
        );
        assert_eq!(unified(a, a, "a", "b"), "");
        assert_eq!(
            changes(a, b),
            Changes {
                removed: vec!["5".into()],
                added: vec!["five".into()]
            }
        );
    }

    #[test]
    fn far_apart_changes_make_two_hunks_and_insertions_count_from_their_line() {
        let a: String = (1..=20).map(|k| format!("{k}\n")).collect();
        let b: String = (1..=20)
            .map(|k| match k {
                2 => "two\n".to_owned(),
                18 => "18\nnew\n".to_owned(),
                k => format!("{k}\n"),
            })
            .collect();
        let d = unified(&a, &b, "a", "b");
        assert_eq!(d.matches("@@ -").count(), 2, "{d}");
        assert!(d.contains("@@ -1,5 +1,5 @@\n 1\n-2\n+two\n"), "{d}");
        assert!(
            d.contains("@@ -16,5 +16,6 @@\n 16\n 17\n 18\n+new\n 19\n 20\n"),
            "{d}"
        );
    }
}
