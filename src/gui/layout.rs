//! The mailbox screen's three panes (folders, message list, reading pane), side by side with
//! handles between them that the mouse drags. Their sizes are kept in the settings as fractions
//! of the window, so they come back as they were and still fit a smaller window.

use iced::widget::pane_grid::{self, Axis, Configuration, Node};

/// A pane of the mailbox screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    /// Folders and accounts.
    Folders,
    /// Search, filters and the message list.
    List,
    /// The message shown.
    Reader,
}

/// The folder column's share of the window, at most and at least.
const FOLDERS: (f32, f32) = (0.10, 0.35);
/// The list's share of what the folder column leaves, at most and at least.
const LIST: (f32, f32) = (0.25, 0.70);

/// The panes, with the folder column taking `folders` of the width and the list `list` of
/// the rest.
pub fn panes(folders: f32, list: f32) -> pane_grid::State<Pane> {
    pane_grid::State::with_configuration(Configuration::Split {
        axis: Axis::Vertical,
        ratio: folders.clamp(FOLDERS.0, FOLDERS.1),
        a: Box::new(Configuration::Pane(Pane::Folders)),
        b: Box::new(Configuration::Split {
            axis: Axis::Vertical,
            ratio: list.clamp(LIST.0, LIST.1),
            a: Box::new(Configuration::Pane(Pane::List)),
            b: Box::new(Configuration::Pane(Pane::Reader)),
        }),
    })
}

/// Applies a drag of a handle, kept within limits; returns the two ratios to remember
/// (folders, list).
pub fn resize(state: &mut pane_grid::State<Pane>, event: pane_grid::ResizeEvent) -> (f32, f32) {
    let outer = matches!(state.layout(), Node::Split { id, .. } if *id == event.split);
    let (lo, hi) = if outer { FOLDERS } else { LIST };
    state.resize(event.split, event.ratio.clamp(lo, hi));
    ratios(state)
}

/// The ratios of the two handles (folders, list).
pub fn ratios(state: &pane_grid::State<Pane>) -> (f32, f32) {
    match state.layout() {
        Node::Split { ratio, b, .. } => {
            let inner = match b.as_ref() {
                Node::Split { ratio, .. } => *ratio,
                Node::Pane(_) => LIST.0,
            };
            (*ratio, inner)
        }
        Node::Pane(_) => (FOLDERS.0, LIST.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_come_back_and_stay_within_limits() {
        let mut s = panes(0.2, 0.4);
        assert_eq!(ratios(&s), (0.2, 0.4));
        let outer = match s.layout() {
            Node::Split { id, .. } => *id,
            Node::Pane(_) => unreachable!(),
        };
        let (f, l) = resize(
            &mut s,
            pane_grid::ResizeEvent {
                split: outer,
                ratio: 0.9,
            },
        );
        assert_eq!(
            (f, l),
            (FOLDERS.1, 0.4),
            "the folder column cannot eat the window"
        );
        // Saved sizes out of range (an older or edited file) are brought back in.
        assert_eq!(ratios(&panes(0.0, 2.0)), (FOLDERS.0, LIST.1));
    }
}
