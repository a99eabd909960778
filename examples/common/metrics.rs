//! Ranking metrics for the evaluation tools: ROC AUC (ties counted half) and Spearman.

/// Average ranks (1-based) of `values`, ties sharing their mean rank.
pub fn ranks(values: &[f64]) -> Vec<f64> {
    let mut idx: Vec<usize> = (0..values.len()).collect();
    idx.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
    let mut out = vec![0.0; values.len()];
    let mut i = 0;
    while i < idx.len() {
        let mut j = i;
        while j + 1 < idx.len() && values[idx[j + 1]] == values[idx[i]] {
            j += 1;
        }
        let rank = (i + j) as f64 / 2.0 + 1.0;
        for k in i..=j {
            out[idx[k]] = rank;
        }
        i = j + 1;
    }
    out
}

/// ROC AUC of `scores` for `labels` (true = positive), ties counted half
/// (the Mann-Whitney U statistic divided by n_pos * n_neg). `None` without both classes.
pub fn auc(scores: &[f64], labels: &[bool]) -> Option<f64> {
    let r = ranks(scores);
    let n_pos = labels.iter().filter(|&&l| l).count() as f64;
    let n_neg = labels.len() as f64 - n_pos;
    if n_pos == 0.0 || n_neg == 0.0 {
        return None;
    }
    let rank_sum: f64 = r
        .iter()
        .zip(labels)
        .filter(|(_, &l)| l)
        .map(|(r, _)| r)
        .sum();
    Some((rank_sum - n_pos * (n_pos + 1.0) / 2.0) / (n_pos * n_neg))
}

/// Spearman rank correlation.
pub fn spearman(a: &[f64], b: &[f64]) -> Option<f64> {
    let (ra, rb) = (ranks(a), ranks(b));
    let n = ra.len() as f64;
    if n < 2.0 {
        return None;
    }
    let (ma, mb) = (ra.iter().sum::<f64>() / n, rb.iter().sum::<f64>() / n);
    let cov: f64 = ra.iter().zip(&rb).map(|(x, y)| (x - ma) * (y - mb)).sum();
    let va: f64 = ra.iter().map(|x| (x - ma).powi(2)).sum();
    let vb: f64 = rb.iter().map(|y| (y - mb).powi(2)).sum();
    (va > 0.0 && vb > 0.0).then(|| cov / (va * vb).sqrt())
}

/// Precision and recall of `predicted` against `labels`.
pub fn precision_recall(predicted: &[bool], labels: &[bool]) -> (f64, f64) {
    let tp = predicted
        .iter()
        .zip(labels)
        .filter(|(p, l)| **p && **l)
        .count() as f64;
    let pp = predicted.iter().filter(|p| **p).count() as f64;
    let lp = labels.iter().filter(|l| **l).count() as f64;
    (
        if pp > 0.0 { tp / pp } else { 0.0 },
        if lp > 0.0 { tp / lp } else { 0.0 },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auc_counts_ties_half() {
        assert_eq!(auc(&[0.1, 0.9], &[false, true]), Some(1.0));
        assert_eq!(auc(&[0.5, 0.5], &[false, true]), Some(0.5));
        assert_eq!(auc(&[0.9, 0.1], &[false, true]), Some(0.0));
    }
}
