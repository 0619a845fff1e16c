//! Golden share links: links made by earlier builds must keep opening, to the same scenario.
//!
//! Each constant below was produced by `link::encode` when its format version was current and
//! pasted here verbatim. **Never edit a constant.** If one of these tests fails, a change broke
//! links that people have already shared: restore the old reading (a migration in
//! `Scenario::from_json` for a scenario-format change, a `decode_vN` for a link-format change)
//! rather than updating the vector. When a new link format or scenario version ships, add new
//! vectors next to these.

mod link_support;

use fanout::scenario::link;
use fanout::scenario::*;

/// v1 link, scenario version 1: the default scenario ("User registered").
const V1_DEFAULT: &str = "v1.jZa9TsMwFIVfxWICKRgILUKsCBZWVoa4cpWopo1sLGDg3Tn3x8V1OzBFSn3s2-uc79z6WyJvwNnFHPppvSKME-4teETanF2Y0niVskurODng72t4n4O3htcpGwtMo18BQGAIc4eTT3cArSmTGztK0CLwaQIQVDHIrXne5dikJbJ6XwWgC8kUDfzxwOrPGs8dv5oVyFpdh3oKmakyV9HZmicaHySV8S887Jx0mJAiz9fD9hI0vGDtxnvUQ2MJJSKiOfmP1NF4QQdzONbbmzX6mYzz4wRxGV_GXWBiDttv6o0PCLI8W_OIIWKDt1V74oDuIhY0HQ22Qw7naBUEfUMCDS0Bwq0CgQCw_PP_tVj98ErE-HwVJ9zPPx4EIUyARTf9PwDAvoBec1KU_eJIWWNTpUtR7pNVtKBQYz1dV-euLF3cHx1TIKxHYMHZi6Metu49YdEeFpXnHZ5vP7-MKhF6";

/// v1 link, scenario version 1: the hand-built 30-node shop (`link_support::thirty_nodes`).
const V1_THIRTY_NODES: &str = "v1.dVfLTsNADPwVPiBC2c0mac9cOSA4IHGrIBKIolRNRemBf8eesTevcqoVe3a9u_aMO62lp_f-UEB8z--9EJcwqLaVlRiJschUUoA7wFiqaAoD7UMnRLd3N4O89l519HDL-kwRG4eYK9RZdV6pWpka8-LbGrGwCo2ACYnNCKmJmLc4MXciDEqhu7cvaVggUxyRVuVzNiDysZM7EEJ864ZPAuvNCCxvbVOGPXYivsME-_3RnQfC2jQ5nIPU_9CPCNK1FFbD2_A-a-AFedOp585NCCel7mR-PZ37I_xHHoRuPUPgV0tRv2qKc5A_tlT-5lpGWT4YsM6KB1LpkPaQnLbeZL4yXSGkic9onIhwpYVnReHtvBCD3N0urLbLtfWWUF9yqk55ParLwOz0IperLWthkaCrU14wqxSXjHHJIKH-NYZDPAcTzB1EVGmFAOlI7GxKYXRq_o3mTPKqTWm3tU4mlZYMH9imlA850U935A7tmgNrbpBnIVt-nbkF3veX3f500SkW1YVoZJ5vQIc0cSTnamRz6l8_x--aPb4_y1AufxGGzhy6bz3epQ15to2-KQg-D1zSHOZrnfwtBc5DrH7FtROmb9ZMbwRPAq-EwEsQ-ha_tZwDRlOEGu0pxsaNrRkxuFG5wZi2sJ6HECxYEJXWOkaM5AbX3chducEY-d7CCKX71GK45heQqwaZJYk19AZfX60qW8xTgyIR0Y8llsfFHCd7JLy3XkIFSw9PS1fJ3khlFESsacmttLTkp4QlP5apJIe4USipN6qXkhBEEur4B4VS94w";

/// v1 link, scenario version 1: every field set (`link_support::kitchen_sink`), which pins
/// every entry of the key and kind tables.
const V1_KITCHEN_SINK: &str = "v1.zVY9c9NAEP0rGhUEZoQinU66iPG4CIbAJED4TjJupLMYPPYYsOVAoxl-Bw01FR0Vnf8QP4G3u3eOHCgpqPT19nS3-97b7XPpeNpaap2r6WIWDOph_W4-GezXQ8exe9xKV2gyJOuqRVO-rOZoNe1bPEzZQbgzT5o31XrexuPF8wZ8mwQwveZOMA4_rNF_JuMwuBFsfi423-3mx2TzLfj19cvn2DH4QOvCaJ2YzCRlnqdFmvNmyyTOPa0HK7ucvm-H1bxZtjf3Pu3dGuy7V2F0G3UDtEd5p2RHeEXr3CW2IAsjYQ0pIN8KwGscFaOAGIAHLAYD5lZcN04rpTIjNuLaLtdNtxUNqeZEbvGzR6KTxxUn-gkuB4g6dapLRGBimfPKgugduEeEEu-GiPMSm86yWOVb4R30hBcphjvzCyOdEr4oKGhXhd5oRIIa_z6uhQ8nLCSTe03-YWJ9XZq_6BJ7C09r7yRPaz6zCDXDoqNaMl17V7kvdwleHrlbBPR12k-Jl6w744tq1izw8lljG5T94Wq1Bgi8f0mBDjRqLBGPgl-JTUBdvi6JFs_IxDOwi9dU-76tR-EZuUkUnnMIHfCCoDGSlCVO8YZSXZbI3HXH--9z_U8yQWnA0DqjvZUZJSPNMhiXsFQJS40ilmrOmZtZRofgdVpyAJiKJb3XKpgtXJSwMoFdTpuPAGtWgYQUwLLjd_BcRvJYApRh7qtMUUUMYGeuZ5y75F9IAhBpEtm8TEaILbmYqihgq1u_hpsnu46t2CoOLRV1a92U5pF1S2P_5MvUKq6cuU9nbjv0PRWHR-PhrtFFpTzm3LZgBEqeTcLWj4tJ2fwRjD5PwSkvo3uuz42TvZ9qb9l2xPe7aOdzIr2BhwqBqOsQhB5Zrj0hr-YTb38OrgSu3Ir94UWQWpBWxhPC-JlGvlOH7X4DY3-4hg";

/// v1 link written by hand (`link::link_from_packed`), not by `encode`: nodes and edges in
/// object form with short and long keys, an explicit node id, and an unknown field. Pins the
/// shapes the decoder accepts besides the ones `encode` writes today. Its packed JSON:
/// `{"A":1,"B":"Object forms","F":[{"I":4,"J":"Writer","K":0,"L":0,"M":{"R":{"Ba":2}}},
/// ["log",260,0,1,{},9],{"id":10,"name":"Reader","x":520,"y":0,"kind":{"consumer_group":{}},
/// "future":1}],"G":[{"I":1,"N":4,"O":9,"M":"publish"},[9,10,1,{},2]]}`
const V1_OBJECT_FORMS: &str = "v1.TZXBCsIwEET_JeecchDqN6gFL56CWKoQtEWUgh723_tm00IvOWxgMjs7O9l6qe0U1Mrz4Ruqh5gegjIxri-fwtLIGnCN4eDnUX2cdchOycxQgmGHmHayHcQsNhl6pa8vj7fhDpqyw9F-aJCo_x3vWcZeaGtcX_1jpAJweExac2BskdPpwf7kJNuwb2q376l7FfqFDNosLFLONgNoQ0Jo";

/// v1 link with a story (steps, added to format version 1 with their short keys), made by
/// `encode` on 2026-12-03 from `STORY_AT_V1`.
const V1_STORY: &str = "v1.VVUxCoAwEPtK6SwFC-LsCzzcncRZqDr6dy_XVM6pJaH0coTEe2kKFnXVS2MzUQ1EZyVoPQjCD0YAZLw5D_xlf9oUnTebUPSIUrSjgmiiJEwIpl-fjmwLTXTKyT637xPl5DTwVcZ-4qLXq9y7qnsBX0I88A";

/// v1 link with a variant (compare mode; `variant` appended to the key table as `Sc`), made by
/// `encode` on 2026-12-03 from `VARIANT_AT_V1`.
const V1_VARIANT: &str = "v1.pZW7DcAgDERXSZmUUaRQMwMjUCM6Ou_O2XxkBFR0lt2cT89nzZJFSAZ8IP4bBSjTSCqpqHjihWNtMhSvguIXs2rYKSJGE_qm6DovdiyVXHdCAWSfE03fRhPGwuB0tLRTS5QBUaNTdg";

/// The scenario behind `V1_VARIANT`: 3 partitions and an effectively-once group in the variant.
const VARIANT_AT_V1: &str = r#"{"version":1,"title":"A comparison","seed":7,"nodes":[{"id":1,"name":"Orders","x":100,"y":100,"kind":"producer"},{"id":2,"name":"orders","x":350,"y":100,"kind":{"topic":{"partitions":6}}},{"id":3,"name":"Billing","x":600,"y":100,"kind":"consumer_group"}],"edges":[{"id":1,"from":1,"to":2,"kind":"publish"},{"id":2,"from":2,"to":3,"kind":"subscribe"}],"variant":{"version":1,"title":"A comparison (variant)","seed":7,"nodes":[{"id":1,"name":"Orders","x":100,"y":100,"kind":"producer"},{"id":2,"name":"orders","x":350,"y":100,"kind":{"topic":{"partitions":3}}},{"id":3,"name":"Billing","x":600,"y":100,"kind":{"consumer_group":{"guarantee":"effectively_once"}}}],"edges":[{"id":1,"from":1,"to":2,"kind":"publish"},{"id":2,"from":2,"to":3,"kind":"subscribe"}]}}"#;

/// The scenario behind `V1_STORY`.
const STORY_AT_V1: &str = r#"{"version":1,"title":"A story","seed":7,"nodes":[{"id":1,"name":"Orders","x":100,"y":100,"kind":"producer"},{"id":2,"name":"orders","x":350,"y":100,"kind":"topic"},{"id":3,"name":"Billing","x":600,"y":100,"kind":"consumer_group"}],"edges":[{"id":1,"from":1,"to":2,"kind":"publish"},{"id":2,"from":2,"to":3,"kind":"subscribe"}],"steps":[{"caption":"Press Play.","highlight":[1]},{"at_s":2.5,"caption":"Billing reads every order.","highlight":[2,3],"pause":true}]}"#;

/// The default scenario as `scenarios/12-user-registered.json` held it when `V1_DEFAULT` was
/// made. The default may change later; the link must still open as *this* scenario.
const USER_REGISTERED_AT_V1: &str = r#"{"version":1,"title":"User registered","notes":"The smallest publish/subscribe example. The sign-up service records a user and publishes one UserRegistered event to the users topic. Four consumer groups subscribe on their own: the welcome email, the profile service, analytics and billing sync. Each group receives every event (fan-out) and keeps its own offsets, so the slow billing sync falls behind without holding anyone else up. Click an event to trace it through all four.","seed":12,"duration_s":60,"nodes":[{"id":1,"name":"Sign-up","x":100,"y":300,"kind":{"producer":{"event_type":"UserRegistered","rate_per_s":5,"key_space":10000}}},{"id":2,"name":"users","x":350,"y":300,"kind":{"topic":{"partitions":3}}},{"id":3,"name":"Welcome email","x":650,"y":120,"kind":{"consumer_group":{"processing":{"distribution":"log_normal","mean_ms":120}}}},{"id":4,"name":"Profile","x":650,"y":240,"kind":{"consumer_group":{"processing":{"distribution":"exponential","mean_ms":15}}}},{"id":5,"name":"Analytics","x":650,"y":360,"kind":{"consumer_group":{"processing":{"mean_ms":5}}}},{"id":6,"name":"Billing sync","x":650,"y":480,"kind":{"consumer_group":{"processing":{"distribution":"uniform","mean_ms":180,"spread_ms":60}}}}],"edges":[{"id":1,"from":1,"to":2,"kind":"publish"},{"id":2,"from":2,"to":3,"kind":"subscribe"},{"id":3,"from":2,"to":4,"kind":"subscribe"},{"id":4,"from":2,"to":5,"kind":"subscribe"},{"id":5,"from":2,"to":6,"kind":"subscribe"}]}"#;

#[test]
fn v1_default() {
    let expected = Scenario::from_json(USER_REGISTERED_AT_V1).expect("reads");
    assert_eq!(link::decode(V1_DEFAULT), Ok(expected));
}

#[test]
fn v1_thirty_nodes() {
    assert_eq!(link::decode(V1_THIRTY_NODES), Ok(link_support::thirty_nodes()));
}

#[test]
fn v1_kitchen_sink() {
    assert_eq!(link::decode(V1_KITCHEN_SINK), Ok(link_support::kitchen_sink()));
}

#[test]
fn v1_object_forms() {
    let mut expected = Scenario::empty();
    expected.title = "Object forms".to_owned();
    let producer = ProducerConfig { rate_per_s: 2.0, ..ProducerConfig::default() };
    expected.nodes = vec![
        Node::new(NodeId(4), "Writer", 0.0, 0.0, NodeKind::Producer(producer)),
        Node::new(NodeId(9), "log", 260.0, 0.0, NodeKind::Topic(TopicConfig::default())),
        Node::new(
            NodeId(10),
            "Reader",
            520.0,
            0.0,
            NodeKind::ConsumerGroup(GroupConfig::default()),
        ),
    ];
    expected.edges = vec![
        Edge::new(EdgeId(1), NodeId(4), NodeId(9), EdgeKind::Publish),
        Edge::new(EdgeId(2), NodeId(9), NodeId(10), EdgeKind::Subscribe),
    ];
    assert_eq!(link::decode(V1_OBJECT_FORMS), Ok(expected));
}

#[test]
fn v1_story() {
    let expected = Scenario::from_json(STORY_AT_V1).expect("reads");
    assert_eq!(expected.steps.len(), 2);
    assert_eq!(link::decode(V1_STORY), Ok(expected));
}

/// Not a compatibility requirement (a better compressor may write different bytes for the same
/// scenario, and old links still open): a reminder, when it fails, that today's links differ
/// from the golden ones, so new golden vectors may be worth adding.
#[test]
fn todays_encoder_still_writes_the_golden_links() {
    let default = Scenario::from_json(USER_REGISTERED_AT_V1).expect("reads");
    assert_eq!(link::encode(&default), V1_DEFAULT);
    assert_eq!(link::encode(&link_support::thirty_nodes()), V1_THIRTY_NODES);
    assert_eq!(link::encode(&link_support::kitchen_sink()), V1_KITCHEN_SINK);
    let story = Scenario::from_json(STORY_AT_V1).expect("reads");
    assert_eq!(link::encode(&story), V1_STORY);
}

#[test]
fn v1_variant() {
    let expected = Scenario::from_json(VARIANT_AT_V1).expect("reads");
    let decoded = link::decode(V1_VARIANT).expect("opens");
    assert_eq!(decoded, expected);
    let variant = decoded.variant.as_deref().expect("the variant came with it");
    assert_eq!(variant.title, "A comparison (variant)");
    assert!(variant.variant.is_none());
}
