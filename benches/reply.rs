//! Throughput of the reply checker (`Reviewer::review`) on a typical agent draft, with and
//! without the customer's assessment, and of `suggest_replies`.
//!
//! `cargo bench --bench reply -- --warm-up-time 1 --measurement-time 2`

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use sentiment_triage::{suggest_replies, ReplyContext, Reviewer, Triage, Verdict};

/// A typical draft with three problems: tone policing, a policy wall, condescension.
const DRAFT: &str = "Hi Sam, please calm down. As I already explained, refunds take 30 days, \
    that's our policy and there's nothing I can do to speed it up. I have checked your order \
    and the refund was started on Monday. Thanks for your patience.";
const CUSTOMER: &str =
    "This is the third time I ask where my refund is!! I need the money by Friday.";

fn bench(c: &mut Criterion) {
    let reviewer = Reviewer::new();
    let customer = Triage::new().analyze(CUSTOMER);
    let mut g = c.benchmark_group("review");
    g.throughput(Throughput::Bytes(DRAFT.len() as u64));
    g.bench_function("draft", |b| {
        b.iter(|| {
            let r = reviewer.review(black_box(DRAFT), None);
            assert_eq!(r.verdict, Verdict::Revise);
            assert_eq!(r.findings.len(), 4);
            r
        })
    });
    g.bench_function("draft_with_customer", |b| {
        b.iter(|| {
            let r = reviewer.review(black_box(DRAFT), Some(&customer));
            assert_eq!(r.verdict, Verdict::Revise);
            r
        })
    });
    g.finish();
    let ctx = ReplyContext::new().name("Sam").agent("Ana");
    c.bench_function("suggest_replies", |b| {
        b.iter(|| {
            let s = suggest_replies(black_box(&customer), &ctx);
            assert_eq!(s.len(), 3);
            s
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
