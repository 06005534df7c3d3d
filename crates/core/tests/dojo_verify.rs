//! Verifying and cancelling Dojo links against the local fake Dojo: the status map, what goes
//! wrong, and that a cancel repeated after a lost answer still ends cancelled.

mod support;

use paydesk_core::desk::ShareInput;
use paydesk_core::link::LinkStatus;
use paydesk_fakes::{DojoRoute, FakeDojo, Fault};
use support::{dojo_desk, dojo_sale, DOJO_KEY};

#[tokio::test]
async fn verify_reads_the_intent_by_its_id_and_records_dojos_word() {
    let fake = FakeDojo::start(DOJO_KEY).await;
    let (desk, _dir) = dojo_desk(&fake.url());
    let link = desk.create(&dojo_sale("20")).await.unwrap();
    let id = link.provider_id.clone().unwrap();

    let still = desk.verify(&link.reference).await.unwrap();
    assert_eq!((still.status, still.provider_status.as_deref()), (LinkStatus::Open, Some("Created")));
    let get = fake.requests_on(DojoRoute::Get).remove(0);
    assert_eq!((get.path.as_str(), get.query.as_str()), (format!("/payment-intents/{id}").as_str(), "returnCanceled=true"));
    assert_eq!(get.header("authorization"), Some(format!("Basic {DOJO_KEY}").as_str()));
    assert_eq!(get.header("version"), Some("2024-02-05"));

    assert!(fake.set_status(&id, "Captured"));
    let paid = desk.verify(&link.id.to_string()).await.unwrap();
    assert_eq!((paid.status, paid.provider_status.as_deref(), paid.last_error.as_deref()), (LinkStatus::Paid, Some("Captured"), None));
    let last = desk.details(&link.reference).unwrap().events.pop().unwrap();
    assert_eq!((last.from, last.to, last.provider_status.as_deref()), (Some(LinkStatus::Open), LinkStatus::Paid, Some("Captured")));
}

#[tokio::test]
async fn every_dojo_word_lands_on_the_right_status() {
    let fake = FakeDojo::start(DOJO_KEY).await;
    let (desk, _dir) = dojo_desk(&fake.url());
    let table = [
        ("Created", "Auto", LinkStatus::Open),
        // With automatic capture, Authorized is the moment before Captured: not money yet.
        ("Authorized", "Auto", LinkStatus::Open),
        // With manual capture the money is held for the merchant to capture: paid.
        ("Authorized", "Manual", LinkStatus::Paid),
        ("Captured", "Auto", LinkStatus::Paid),
        ("Reversed", "Manual", LinkStatus::Refunded),
        ("Refunded", "Auto", LinkStatus::Refunded),
        ("Canceled", "Auto", LinkStatus::Cancelled),
        ("Pending", "Auto", LinkStatus::Unknown),
        ("Declined", "Manual", LinkStatus::Unknown),
    ];
    // A fresh link per word: a status only moves up (a refunded link never reads as open again).
    for (word, capture, want) in table {
        let link = desk.create(&dojo_sale("20")).await.unwrap();
        let id = link.provider_id.clone().unwrap();
        fake.update_intent(&id, |i| {
            i.status = word.into();
            i.capture_mode = capture.into();
        });
        let got = desk.verify(&link.reference).await.unwrap();
        assert_eq!((got.status, got.provider_status.as_deref()), (want, Some(word)), "{word} with {capture} capture");
    }
    assert_eq!(fake.hits(DojoRoute::Get), table.len());
}

#[tokio::test]
async fn a_different_amount_is_said_out_loud() {
    let fake = FakeDojo::start(DOJO_KEY).await;
    let (desk, _dir) = dojo_desk(&fake.url());
    let link = desk.create(&dojo_sale("20")).await.unwrap();
    fake.update_intent(link.provider_id.as_deref().unwrap(), |i| {
        i.status = "Captured".into();
        i.amount = 1500;
    });
    let got = desk.verify(&link.reference).await.unwrap();
    assert_eq!(got.status, LinkStatus::Paid);
    assert_eq!(got.last_error.as_deref(), Some("Dojo reports 15.00 GBP paid, not the 20.00 GBP asked for."));
}

#[tokio::test]
async fn verify_survives_a_5xx_and_a_cut_answer_and_reports_a_404_in_dojos_words() {
    let fake = FakeDojo::start(DOJO_KEY).await;
    let (desk, _dir) = dojo_desk(&fake.url());
    let link = desk.create(&dojo_sale("20")).await.unwrap();
    fake.push_fault(DojoRoute::Get, Fault::Html { code: 503 });
    fake.push_fault(DojoRoute::Get, Fault::ProcessThenTruncate);
    assert_eq!(desk.verify(&link.reference).await.unwrap().status, LinkStatus::Open);
    assert_eq!(fake.hits(DojoRoute::Get), 3);

    // The same key against another Dojo account (here: another fake) does not know the intent.
    let other = FakeDojo::start(DOJO_KEY).await;
    desk.config_set("dojo.base_url", &other.url()).unwrap();
    let err = desk.verify(&link.reference).await.unwrap_err();
    let want = format!("Dojo said: Payment intent {} was not found. (HTTP 404)", link.provider_id.as_deref().unwrap());
    assert_eq!(err.to_string(), want);
    assert_eq!(other.hits(DojoRoute::Get), 1, "a 404 is not retried");
    let kept = desk.get(&link.reference).unwrap();
    assert_eq!(kept.status, LinkStatus::Open, "an error never changes what we last knew");
    assert_eq!(kept.last_error.as_deref(), Some(want.as_str()));
}

#[tokio::test]
async fn cancel_deletes_the_intent_and_verify_still_sees_it_cancelled() {
    let fake = FakeDojo::start(DOJO_KEY).await;
    let (desk, _dir) = dojo_desk(&fake.url());
    let link = desk.create(&dojo_sale("20")).await.unwrap();
    let id = link.provider_id.clone().unwrap();

    let cancelled = desk.cancel(&link.reference).await.unwrap();
    assert_eq!((cancelled.status, cancelled.provider_status.as_deref()), (LinkStatus::Cancelled, Some("Canceled")));
    let sent = fake.requests_on(DojoRoute::Cancel).remove(0);
    assert_eq!((sent.method.as_str(), sent.path.as_str()), ("DELETE", format!("/payment-intents/{id}").as_str()));
    assert_eq!(sent.header("authorization"), Some(format!("Basic {DOJO_KEY}").as_str()));
    assert_eq!(fake.intent(&id).unwrap().status, "Canceled");
    let ops = desk.details(&link.reference).unwrap().operations;
    assert_eq!((ops.len(), ops[0].kind.as_str(), ops[0].state.as_str()), (1, "cancel", "done"));
    assert_eq!(ops[0].result.as_deref(), Some("Canceled"));

    // Without returnCanceled=true Dojo would answer 404 here.
    let again = desk.verify(&link.reference).await.unwrap();
    assert_eq!((again.status, again.provider_status.as_deref()), (LinkStatus::Cancelled, Some("Canceled")));
    let err = desk.cancel(&link.reference).await.unwrap_err();
    assert_eq!(err.kind(), "conflict", "{err}");
    assert_eq!(fake.hits(DojoRoute::Cancel), 1, "nothing sent for a link already cancelled");
}

#[tokio::test]
async fn a_cancel_whose_answer_was_lost_is_sent_again_and_ends_cancelled() {
    let fake = FakeDojo::start(DOJO_KEY).await;
    let (desk, _dir) = dojo_desk(&fake.url());
    let link = desk.create(&dojo_sale("20")).await.unwrap();
    fake.push_fault(DojoRoute::Cancel, Fault::ProcessThenDrop);

    let cancelled = desk.cancel(&link.reference).await.unwrap();
    assert_eq!(cancelled.status, LinkStatus::Cancelled);
    // The repeated DELETE is refused (only Created intents can be cancelled); a GET shows it is done.
    assert_eq!((fake.hits(DojoRoute::Cancel), fake.hits(DojoRoute::Get)), (2, 1));
}

#[tokio::test]
async fn a_cancel_dojo_refuses_is_shown_in_its_words_and_changes_nothing() {
    let fake = FakeDojo::start(DOJO_KEY).await;
    let (desk, _dir) = dojo_desk(&fake.url());
    let link = desk.create(&dojo_sale("20")).await.unwrap();
    let id = link.provider_id.clone().unwrap();
    fake.set_status(&id, "Captured"); // paid in the meantime, not yet verified here

    let err = desk.cancel(&link.reference).await.unwrap_err();
    assert_eq!(err.to_string(), format!("Dojo said: Payment intent {id} can't be canceled because its status is Captured. (HTTP 400)"));
    assert_eq!((fake.hits(DojoRoute::Cancel), fake.hits(DojoRoute::Get)), (1, 1));
    assert_eq!(fake.intent(&id).unwrap().status, "Captured");
    let ops = desk.details(&link.reference).unwrap().operations;
    assert_eq!(ops[0].state, "failed");
    assert_eq!(ops[0].error.as_deref(), Some(err.to_string().as_str()));
    assert_eq!(desk.verify(&link.reference).await.unwrap().status, LinkStatus::Paid);
}

#[tokio::test]
async fn dojo_does_not_email_links_and_says_so() {
    let fake = FakeDojo::start(DOJO_KEY).await;
    let (desk, _dir) = dojo_desk(&fake.url());
    let link = desk.create(&dojo_sale("20")).await.unwrap();
    let err = desk.share(&link.reference, &ShareInput { to: "bob@example.com".into(), ..Default::default() }).await.unwrap_err();
    assert_eq!(err.to_string(), "Dojo does not email links: copy the link or use your own email instead.");
    assert_eq!(fake.requests().len(), 1, "only the create was sent");
}

/// Waits until the fake has seen `n` requests on `route`, checking every few milliseconds.
async fn until_hits(fake: &FakeDojo, route: DojoRoute, n: usize) {
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(20);
    while fake.hits(route) < n {
        assert!(tokio::time::Instant::now() < deadline, "timed out waiting for {n} hits on {route:?}");
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
}

#[tokio::test]
async fn a_cancel_that_lands_while_a_verify_waits_is_never_undone_by_its_stale_answer() {
    let fake = FakeDojo::start(DOJO_KEY).await;
    let (desk, _dir) = dojo_desk(&fake.url());
    let link = desk.create(&dojo_sale("20")).await.unwrap();
    // Dojo reads the intent (still Created) at once, but its answer comes late.
    fake.push_fault(DojoRoute::Get, Fault::Delay(std::time::Duration::from_millis(800)));
    let verify = desk.verify(&link.reference);
    let cancel = async {
        until_hits(&fake, DojoRoute::Get, 1).await;
        desk.cancel(&link.reference).await
    };
    let (verified, cancelled) = tokio::join!(verify, cancel);
    assert_eq!(cancelled.unwrap().status, LinkStatus::Cancelled);
    // The verify's answer ("Created", i.e. open) was asked for before the cancel: it loses.
    assert_eq!(verified.unwrap().status, LinkStatus::Cancelled);
    let now = desk.details(&link.reference).unwrap();
    assert_eq!((now.link.status, now.link.provider_status.as_deref()), (LinkStatus::Cancelled, Some("Canceled")));
    let steps: Vec<LinkStatus> = now.events.iter().map(|e| e.to).collect();
    assert_eq!(steps, [LinkStatus::Creating, LinkStatus::Open, LinkStatus::Cancelled], "never back to open");
}
