#[test]
fn print_layouts() {
    for e in fanout::scenario::gallery::all() {
        let mut s = e.scenario.clone();
        for (id, x, y) in fanout::editor::layout::layered(&s) {
            let n = s.nodes.iter_mut().find(|n| n.id == id).unwrap();
            n.x = x; n.y = y;
        }
        std::fs::write(format!("/tmp/auto-{}.json", e.slug), s.to_json_pretty()).unwrap();
    }
}
