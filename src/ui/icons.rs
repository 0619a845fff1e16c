//! Inline SVG icons (no icon font, no network): stroked 24×24 paths in the current colour.

use yew::{html, Html};

fn icon(d: &'static str) -> Html {
    html! {
        <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="1.8"
             stroke-linecap="round" stroke-linejoin="round" aria-hidden="true">
            <path d={d} />
        </svg>
    }
}

pub fn logo() -> Html {
    html! {
        <svg viewBox="0 0 32 32" aria-hidden="true">
            <rect width="32" height="32" rx="7" fill="var(--accent)" />
            <circle cx="9" cy="16" r="3.5" fill="#fff" />
            <path d="M12 16 L22 8 M12 16 H22 M12 16 L22 24" stroke="#fff" stroke-width="2.2" stroke-linecap="round" />
            <circle cx="23" cy="8" r="2.6" fill="#fff" opacity="0.75" />
            <circle cx="23" cy="16" r="2.6" fill="#fff" opacity="0.75" />
            <circle cx="23" cy="24" r="2.6" fill="#fff" opacity="0.75" />
        </svg>
    }
}

pub fn producer() -> Html {
    icon("M4 12h10M10 6l6 6-6 6M18 5v14")
}
pub fn topic() -> Html {
    icon("M4 6h16M4 12h16M4 18h16M8 4v4M13 10v4M17 16v4")
}
pub fn group() -> Html {
    icon("M8 8a3 3 0 1 0 0.01 0M16 8a3 3 0 1 0 0.01 0M3 19c0-3 2.2-5 5-5s5 2 5 5M11 19c0-3 2.2-5 5-5s5 2 5 5")
}
pub fn service() -> Html {
    icon("M12 3l8 4.5v9L12 21l-8-4.5v-9zM12 12l8-4.5M12 12v9M12 12L4 7.5")
}
pub fn dlq() -> Html {
    icon("M4 7h16v12H4zM4 7l2-3h12l2 3M9 12l6 4M15 12l-6 4")
}
pub fn database() -> Html {
    icon("M5 6c0-1.7 3.1-3 7-3s7 1.3 7 3-3.1 3-7 3-7-1.3-7-3zM5 6v12c0 1.7 3.1 3 7 3s7-1.3 7-3V6M5 12c0 1.7 3.1 3 7 3s7-1.3 7-3")
}
pub fn projection() -> Html {
    icon("M3 12s3.5-6 9-6 9 6 9 6-3.5 6-9 6-9-6-9-6zM12 9a3 3 0 1 0 0.01 0")
}
pub fn outbox() -> Html {
    icon("M4 9h16v11H4zM4 9l3-5h10l3 5M12 17v-6M9 13l3-3 3 3")
}
pub fn menu() -> Html {
    icon("M4 7h16M4 12h16M4 17h16")
}
pub fn sliders() -> Html {
    icon("M4 6h9M17 6h3M4 12h3M11 12h9M4 18h11M19 18h1M15 4v4M9 10v4M17 16v4")
}
pub fn undo() -> Html {
    icon("M9 14L4 9l5-5M4 9h11a5 5 0 0 1 0 10h-3")
}
pub fn redo() -> Html {
    icon("M15 14l5-5-5-5M20 9H9a5 5 0 0 0 0 10h3")
}
pub fn play() -> Html {
    icon("M7 5l12 7-12 7z")
}
pub fn pause() -> Html {
    icon("M8 5v14M16 5v14")
}
pub fn step() -> Html {
    icon("M6 5l9 7-9 7zM18 5v14")
}
pub fn reset() -> Html {
    icon("M4 12a8 8 0 1 0 2.3-5.7M4 4v5h5")
}
