//! Reply suggestions and the draft checker, through the public API only. Cases live in
//! `tests/data/`; the golden file `tests/data/replies.golden` is rewritten with
//! `UPDATE_GOLDEN=1 cargo test --test replies`.

use sentiment_triage::{
    review_reply, suggest_replies, Assessment, Care, FindingKind, HostilityBand, Missing, PartKind,
    ReplyContext, Reviewer, Topic, Triage, UrgencyBand, Verdict, MAX_VALUE_CHARS, SUGGESTIONS,
};

/// Tab-separated rows of a data file, comments and blank lines skipped.
fn rows(file: &str) -> Vec<Vec<String>> {
    let path = format!("{}/tests/data/{file}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{path}: {e}"))
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').map(str::to_string).collect())
        .collect()
}

/// (topic, the customer's assessment) for every row of `reply_topics.tsv`.
fn topic_messages() -> Vec<(Topic, String, Assessment)> {
    let triage = Triage::new();
    rows("reply_topics.tsv")
        .into_iter()
        .map(|r| (r[0].parse().unwrap(), r[1].clone(), triage.analyze(&r[1])))
        .collect()
}

/// The customer's assessment with its bands set, so that every topic meets every band.
fn with_bands(a: &Assessment, band: HostilityBand, urgency: UrgencyBand) -> Assessment {
    let mut a = a.clone();
    a.hostility.band = band;
    a.urgency.band = urgency;
    a
}

#[test]
fn topics_are_detected() {
    for (topic, text, a) in topic_messages() {
        assert_eq!(Topic::of(&a), topic, "{text}");
    }
    assert_eq!(
        topic_messages().len(),
        Topic::ALL.len(),
        "one row per topic"
    );
}

#[test]
fn parts_follow_the_bands_and_care() {
    for r in rows("reply_parts.tsv") {
        let band: HostilityBand = HostilityBand::ALL
            .into_iter()
            .find(|b| b.name() == r[0])
            .unwrap();
        let urgency: UrgencyBand = UrgencyBand::ALL
            .into_iter()
            .find(|u| u.name() == r[1])
            .unwrap();
        let care = if r[2] == "extra" {
            Care::Extra
        } else {
            Care::Standard
        };
        let want: Vec<&str> = r[3].split(' ').collect();
        let ctx = ReplyContext::new().care(care);
        for (topic, _, a) in topic_messages() {
            let replies = suggest_replies(&with_bands(&a, band, urgency), &ctx);
            assert_eq!(replies.len(), SUGGESTIONS);
            for s in &replies {
                let got: Vec<&str> = s.parts.iter().map(|p| p.kind.name()).collect();
                assert_eq!(got, want, "{topic} {band} {urgency} {care}");
                assert_eq!(s.topic, topic);
            }
        }
    }
}

#[test]
fn every_suggestion_scores_calm_and_passes_the_checker() {
    let triage = Triage::new();
    let reviewer = Reviewer::new();
    let contexts = [
        ReplyContext::new(),
        ReplyContext::new()
            .name("Ana")
            .order_id("A-1042")
            .agent("Sam")
            .product("the kettle")
            .care(Care::Extra),
    ];
    for (topic, _, a) in topic_messages() {
        for band in HostilityBand::ALL {
            for urgency in UrgencyBand::ALL {
                let customer = with_bands(&a, band, urgency);
                for ctx in &contexts {
                    let replies = suggest_replies(&customer, ctx);
                    let texts: std::collections::BTreeSet<&str> =
                        replies.iter().map(|s| s.text.as_str()).collect();
                    assert_eq!(
                        texts.len(),
                        SUGGESTIONS,
                        "drafts must differ: {topic} {band}"
                    );
                    for w in replies.windows(2) {
                        assert!(w[0].score <= w[1].score, "ranked by score");
                    }
                    for s in &replies {
                        let scored = triage.analyze(&s.text);
                        assert_eq!(
                            scored.hostility.band,
                            HostilityBand::Calm,
                            "{topic} {band} {urgency}: {}\n{:?}",
                            s.text,
                            scored.hits
                        );
                        let review = reviewer.review(&s.text, Some(&customer));
                        assert_eq!(
                            review.verdict,
                            Verdict::Send,
                            "{topic} {band} {urgency}: {}\n{review:?}",
                            s.text
                        );
                        assert!(!s.text.contains('{') && !s.text.contains('}'), "{}", s.text);
                    }
                }
            }
        }
    }
}

#[test]
fn empathy_grows_with_the_band() {
    let (_, _, a) = &topic_messages()[0];
    let part = |band| {
        let s = &suggest_replies(&with_bands(a, band, UrgencyBand::Low), &ReplyContext::new())[0];
        s.parts
            .iter()
            .find(|p| p.kind == PartKind::Empathy)
            .map(|p| p.text.clone())
    };
    assert_eq!(
        part(HostilityBand::Calm),
        None,
        "no gushing for a calm question"
    );
    assert!(part(HostilityBand::Angry).is_some());
    let own = |band| {
        let s = &suggest_replies(&with_bands(a, band, UrgencyBand::Low), &ReplyContext::new())[0];
        s.parts
            .iter()
            .find(|p| p.kind == PartKind::Ownership)
            .unwrap()
            .text
            .clone()
    };
    assert!(!own(HostilityBand::Calm).to_lowercase().contains("sorry"));
    let angry = own(HostilityBand::Angry).to_lowercase();
    assert!(
        angry.contains("sorry") || angry.contains("apologi"),
        "{angry}"
    );
}

#[test]
fn time_frames_tighten_with_urgency() {
    let (_, _, a) = &topic_messages()[0];
    let when = |u| {
        let s = &suggest_replies(
            &with_bands(a, HostilityBand::Frustrated, u),
            &ReplyContext::new(),
        )[0];
        s.parts
            .iter()
            .find(|p| p.kind == PartKind::TimeFrame)
            .unwrap()
            .text
            .clone()
    };
    assert!(when(UrgencyBand::Low).contains("two business days"));
    assert!(when(UrgencyBand::Critical).contains("within the hour"));
}

#[test]
fn placeholder_values_are_literal_trimmed_capped_and_clean() {
    let (_, _, a) = &topic_messages()[0];
    let ctx = ReplyContext::new()
        .name("  {order_id} ")
        .order_id("A1\u{0}\u{1b}[31m\r\nB2")
        .agent("x".repeat(500));
    for s in suggest_replies(a, &ctx) {
        let greeting = &s.parts[0].text;
        assert!(
            greeting.contains("{order_id},"),
            "value kept literally: {greeting}"
        );
        assert!(
            !s.text.chars().any(|c| c.is_control() && c != '\n'),
            "{:?}",
            s.text
        );
        let longest_x_run = s.text.split(|c| c != 'x').map(str::len).max().unwrap();
        assert_eq!(longest_x_run, MAX_VALUE_CHARS);
    }
    let missing = suggest_replies(a, &ReplyContext::new().name("   ").order_id(""));
    for s in missing {
        assert!(!s.text.contains('{'), "{}", s.text);
        assert!(
            s.text.starts_with("Hi there,")
                || s.text.starts_with("Hello,")
                || s.text.starts_with("Hi,")
        );
    }
}

#[test]
fn checker_flags_each_kind_with_span_and_rewrite() {
    for r in rows("review_findings.tsv") {
        let (kind, flagged, draft) = (&r[0], &r[1], &r[2]);
        let review = review_reply(draft);
        assert_eq!(review.verdict, Verdict::Revise, "{draft}");
        let f = review
            .findings
            .iter()
            .find(|f| f.kind.name() == kind)
            .unwrap_or_else(|| panic!("{draft}: no {kind} finding in {:?}", review.findings));
        assert_eq!(&draft[f.span], flagged.as_str(), "{draft}");
        assert!(!f.rewrite.is_empty(), "{draft}");
    }
    let kinds: std::collections::BTreeSet<String> = rows("review_findings.tsv")
        .into_iter()
        .map(|r| r[0].clone())
        .collect();
    assert_eq!(
        kinds.len(),
        FindingKind::ALL.len(),
        "a row for every finding kind"
    );
}

#[test]
fn checker_respects_negation_and_whole_words() {
    let ok =
        review_reply("I would never say calm down to a customer. Thank you for your patience.");
    assert!(
        ok.findings
            .iter()
            .all(|f| f.kind != FindingKind::TonePolicing),
        "{ok:?}"
    );
    let r = review_reply("Relaxation techniques are not something we sell. Thanks!");
    assert!(
        r.findings
            .iter()
            .all(|f| f.kind != FindingKind::TonePolicing),
        "{r:?}"
    );
}

#[test]
fn missing_parts_follow_the_customer_message() {
    let triage = Triage::new();
    let angry = triage
        .analyze("This is the THIRD time my parcel is late, you are useless, I need it TODAY!!");
    assert!(
        angry.hostility.band >= HostilityBand::Angry,
        "{:?}",
        angry.hostility
    );
    let reviewer = Reviewer::new();
    let review = reviewer.review("Noted.", Some(&angry));
    for m in [
        Missing::Acknowledgement,
        Missing::Ownership,
        Missing::NextStep,
    ] {
        assert!(review.missing.contains(&m), "{m}: {review:?}");
    }
    let mut urgent = angry.clone();
    urgent.urgency.band = UrgencyBand::High;
    assert!(reviewer
        .review("Noted.", Some(&urgent))
        .missing
        .contains(&Missing::TimeFrame));
    let good = "Hi Ana, I can see that your parcel is late again, and I'm sorry: that is on us. \
                I have asked the courier to deliver it today and I will update you within four hours. \
                Thank you for telling us.";
    let review = reviewer.review(good, Some(&urgent));
    assert_eq!(review.verdict, Verdict::Send, "{review:?}");
}

#[test]
fn scores_rank_bad_drafts_above_good_ones() {
    let good = review_reply(
        "Hi Sam, thanks for your patience. I have reissued the refund and will confirm today.",
    );
    let bad = review_reply("As I already said, that's our policy. You should have read the terms.");
    assert!(good.score < bad.score);
    assert!((0.0..=1.0).contains(&good.score) && (0.0..=1.0).contains(&bad.score));
}

/// Every topic x band (urgency following the band) with a full context, written in one
/// file a reviewer can read in one go.
#[test]
fn golden_suggestions() {
    let mut out = String::from(
        "# Reply suggestions for every topic x hostility band (urgency rises with the band).\n\
         # Regenerate: UPDATE_GOLDEN=1 cargo test --test replies golden\n",
    );
    let ctx = ReplyContext::new()
        .name("Ana")
        .order_id("A-1042")
        .agent("Sam")
        .product("the kettle");
    for (topic, text, a) in topic_messages() {
        for (band, urgency) in HostilityBand::ALL.into_iter().zip(UrgencyBand::ALL) {
            let replies = suggest_replies(&with_bands(&a, band, urgency), &ctx);
            out.push_str(&format!("\n==== {topic} / {band} / {urgency}\n> {text}\n"));
            let s = &replies[0];
            out.push_str(&format!("-- {}\n{}\n", s.rationale, s.text));
        }
    }
    let path = format!("{}/tests/data/replies.golden", env!("CARGO_MANIFEST_DIR"));
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, &out).unwrap();
    }
    let want = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        want == out,
        "golden file differs; rerun with UPDATE_GOLDEN=1 and review the diff"
    );
}
