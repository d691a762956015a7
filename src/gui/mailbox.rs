//! The main window's left and centre: folders with their counts, search and filters, and a
//! message list that renders only the rows in view (it stays smooth with 100,000 messages:
//! rows are fetched a page at a time as they scroll into view).

use std::collections::{BTreeMap, HashSet};

use iced::widget::{
    Space, button, column, container, pick_list, row, rule, scrollable, text, text_input,
};
use iced::{Alignment, Element, Length, Task};

use sigillo::i18n::{Lang, num, tr, tr_args};
use sigillo::pec::PecKind;
use sigillo::pec::timeline::RecipientState;
use sigillo::store::{
    DocumentTag, FolderCount, ListCursor, ListPage, ListQuery, MessageRow, SearchOrder,
    SearchQuery, SignatureFilter,
};
use sigillo::verify::Status;

use super::data::{Data, Failure};
use super::{style, widgets};

/// Height of one list row, in logical pixels.
pub const ROW_HEIGHT: f32 = 46.0;
/// The fewest characters of the sender a row shows beside the kind's badge; in a narrower
/// pane the badge is left out.
const MIN_SENDER_CHARS: f32 = 10.0;
/// Rows fetched per page.
pub const PAGE: usize = 100;
/// Pages kept around the view; farther ones are dropped.
const KEEP_PAGES: usize = 12;
/// Results shown for a search.
const SEARCH_LIMIT: usize = 500;
/// The list's scrollable id.
pub const LIST_ID: &str = "message-list";
/// The search field's id (Ctrl+F puts the cursor there).
pub const SEARCH_ID: &str = "mailbox-search";

/// Which folder is shown.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum FolderSel {
    /// Every message.
    #[default]
    All,
    /// One folder of one account.
    Folder {
        /// Account.
        account: Option<String>,
        /// Folder.
        folder: Option<String>,
    },
}

/// A filter choice shown in a pick list (with its words).
#[derive(Debug, Clone, PartialEq)]
pub struct Choice<T: Clone + PartialEq> {
    /// The value (`None` = no filter).
    pub value: Option<T>,
    label: String,
}

impl<T: Clone + PartialEq> std::fmt::Display for Choice<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.label)
    }
}

/// The signature filter values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SigChoice {
    /// Never checked.
    Unverified,
    /// One outcome.
    Is(Status),
}

/// Messages of the mailbox screen.
#[derive(Debug, Clone)]
pub enum Message {
    /// Folder counts arrived.
    FoldersLoaded(Result<Vec<FolderCount>, Failure>),
    /// A folder was picked.
    SelectFolder(FolderSel),
    /// The size of the listing arrived.
    CountLoaded(u64, Result<usize, Failure>),
    /// A page of rows arrived.
    PageLoaded(u64, usize, Result<ListPage, Failure>),
    /// Search results arrived.
    ResultsLoaded(u64, Result<Vec<MessageRow>, Failure>),
    /// The list scrolled.
    Scrolled(scrollable::Viewport),
    /// The search text changed.
    SearchChanged(String),
    /// Search now.
    SearchSubmit,
    /// Kind filter.
    KindFilter(Choice<PecKind>),
    /// Signature filter.
    SigFilter(Choice<SigChoice>),
    /// Timeline state filter.
    StateFilter(Choice<RecipientState>),
    /// Invoices / SdI notifications filter.
    DocFilter(Choice<DocumentTag>),
    /// Newest or oldest first / relevance.
    ToggleOrder,
    /// Clear search and filters.
    ClearFilters,
    /// A row was clicked.
    Open(i64),
    /// Keep the message whose deletion waits.
    UndoDelete,
}

/// What the screen asks of the app.
#[derive(Debug, Clone)]
pub enum Event {
    /// Show this message.
    Open(i64),
    /// Something failed.
    Failed(Failure),
}

#[derive(Debug, Default)]
enum Rows {
    /// Browsing a folder page by page.
    #[default]
    Empty,
    Browse {
        total: usize,
        pages: BTreeMap<usize, Vec<MessageRow>>,
        pending: HashSet<usize>,
        /// Where each page loaded so far ends (kept when its rows are dropped): the next page
        /// starts there instead of walking every row before it.
        ends: BTreeMap<usize, ListCursor>,
    },
    /// A search or filter result.
    Results(Vec<MessageRow>),
}

/// The mailbox screen.
#[derive(Debug, Default)]
pub struct Mailbox {
    folders: Vec<FolderCount>,
    selection: FolderSel,
    search: String,
    kind: Option<PecKind>,
    signature: Option<SigChoice>,
    state: Option<RecipientState>,
    documents: Option<DocumentTag>,
    by_relevance: bool,
    rows: Rows,
    scroll_y: f32,
    viewport_h: f32,
    generation: u64,
    /// The message shown on the right.
    pub selected: Option<i64>,
    /// The row under the keyboard cursor (Up/Down move it, Enter opens it).
    cursor: Option<usize>,
    /// A message deleted a moment ago, which the store deletes when the time to undo runs out
    /// (the app decides); its row says so and offers to keep it.
    pub pending_delete: Option<i64>,
}

impl Mailbox {
    /// Loads the first page of the current listing, then the folders and their counts (the
    /// rows come first: counting every folder of a large store takes longer).
    pub fn refresh(&mut self, data: &Data) -> Task<Message> {
        let list = self.reload(data);
        list.chain(self.refresh_folders(data))
    }

    /// Shows message `id` as read in the listing (it was just opened), without reloading it.
    pub fn mark_read(&mut self, id: i64) {
        let rows: Box<dyn Iterator<Item = &mut MessageRow>> = match &mut self.rows {
            Rows::Empty => return,
            Rows::Browse { pages, .. } => Box::new(pages.values_mut().flatten()),
            Rows::Results(rows) => Box::new(rows.iter_mut()),
        };
        for r in rows.filter(|r| r.id == id) {
            r.unread = false;
        }
    }

    /// Loads the folders and their counts again (the listing stays as it is).
    pub fn refresh_folders(&self, data: &Data) -> Task<Message> {
        let d = data.clone();
        Task::perform(
            async move { d.with_store(|s| s.folders()).await },
            Message::FoldersLoaded,
        )
    }

    fn filtering(&self) -> bool {
        !self.search.trim().is_empty()
            || self.signature.is_some()
            || self.state.is_some()
            || self.documents.is_some()
    }

    fn list_query(&self) -> ListQuery {
        let (account, folder) = match &self.selection {
            FolderSel::All => (None, None),
            FolderSel::Folder { account, folder } => (account.clone(), folder.clone()),
        };
        ListQuery {
            account,
            folder,
            kind: self.kind,
            offset: 0,
            limit: 0,
            after: None,
        }
    }

    /// Starts over: count and first page, or the search results.
    fn reload(&mut self, data: &Data) -> Task<Message> {
        self.scroll_y = 0.0;
        self.cursor = None;
        let snap = iced::widget::operation::snap_to(
            LIST_ID,
            scrollable::RelativeOffset { x: 0.0, y: 0.0 },
        );
        Task::batch([snap, self.load_listing(data)])
    }

    /// Loads the listing and the folders again where the user is (after a deletion): the
    /// cursor stays at its place in the list, on the message that followed the deleted one.
    pub fn refresh_in_place(&mut self, data: &Data) -> Task<Message> {
        Task::batch([self.refresh_folders(data), self.load_listing(data)])
    }

    /// Count and the pages in view, or the search results, for the current listing.
    fn load_listing(&mut self, data: &Data) -> Task<Message> {
        self.generation += 1;
        let generation = self.generation;
        if let Some(tag) = self.documents {
            self.rows = Rows::Results(Vec::new());
            let d = data.clone();
            return Task::perform(
                async move { d.with_store(move |s| s.tagged(tag, SEARCH_LIMIT)).await },
                move |r| Message::ResultsLoaded(generation, r),
            );
        }
        if self.filtering() {
            self.rows = Rows::Results(Vec::new());
            let q = self.list_query();
            let search = SearchQuery {
                text: self.search.clone(),
                kind: self.kind,
                state: self.state,
                signature: self.signature.map(|s| match s {
                    SigChoice::Unverified => SignatureFilter::Unverified,
                    SigChoice::Is(st) => SignatureFilter::Status(st),
                }),
                account: q.account,
                folder: q.folder,
                order: if self.by_relevance && !self.search.trim().is_empty() {
                    SearchOrder::Relevance
                } else {
                    SearchOrder::Date
                },
                limit: SEARCH_LIMIT,
                ..SearchQuery::default()
            };
            let d = data.clone();
            return Task::perform(
                async move {
                    d.with_store(move |s| {
                        s.search(&search)
                            .map(|hits| hits.into_iter().map(|h| h.row).collect())
                    })
                    .await
                },
                move |r| Message::ResultsLoaded(generation, r),
            );
        }
        self.rows = Rows::Browse {
            total: 0,
            pages: BTreeMap::new(),
            pending: HashSet::from([0]),
            ends: BTreeMap::new(),
        };
        let q = self.list_query();
        let d = data.clone();
        let count = Task::perform(
            async move { d.with_store(move |s| s.count(&q)).await },
            move |r| Message::CountLoaded(generation, r),
        );
        Task::batch([count, self.load_page(data, 0)])
    }

    /// The query of page `page`: from where the page before it ended when that is known,
    /// else from its offset.
    fn page_query(&self, page: usize) -> ListQuery {
        let mut q = self.list_query();
        q.offset = page * PAGE;
        q.limit = PAGE;
        if let Rows::Browse { ends, .. } = &self.rows
            && let Some(before) = page.checked_sub(1).and_then(|p| ends.get(&p))
        {
            q.after = Some(*before);
        }
        q
    }

    fn load_page(&self, data: &Data, page: usize) -> Task<Message> {
        let q = self.page_query(page);
        let generation = self.generation;
        let d = data.clone();
        Task::perform(
            async move { d.with_store(move |s| s.list_page(&q)).await },
            move |r| Message::PageLoaded(generation, page, r),
        )
    }

    /// Pages needed for the rows in view (and one page beyond).
    fn wanted_pages(&self, total: usize) -> Vec<usize> {
        let first = (self.scroll_y / ROW_HEIGHT).floor().max(0.0) as usize;
        let visible = (self.viewport_h.max(600.0) / ROW_HEIGHT).ceil() as usize + 1;
        let last = (first + visible).min(total.max(1) - 1);
        let mut pages: Vec<usize> = (first / PAGE..=last / PAGE + 1)
            .filter(|p| p * PAGE < total.max(1))
            .collect();
        pages.dedup();
        pages
    }

    fn fetch_missing(&mut self, data: &Data) -> Task<Message> {
        let wanted = match &self.rows {
            Rows::Browse { total, .. } => self.wanted_pages(*total),
            _ => return Task::none(),
        };
        let mut tasks = Vec::new();
        if let Rows::Browse { pages, pending, .. } = &mut self.rows {
            let centre = wanted.first().copied().unwrap_or(0);
            pages.retain(|p, _| p.abs_diff(centre) <= KEEP_PAGES);
            for p in wanted {
                // A page whose previous one is on its way waits for it, then starts at its end.
                let after_pending = p.checked_sub(1).is_some_and(|b| pending.contains(&b));
                if !pages.contains_key(&p) && !after_pending && pending.insert(p) {
                    tasks.push(p);
                }
            }
        }
        Task::batch(tasks.into_iter().map(|p| self.load_page(data, p)))
    }

    /// Handles a message; returns the work to do and what the app must know.
    pub fn update(&mut self, message: Message, data: &Data) -> (Task<Message>, Option<Event>) {
        match message {
            Message::FoldersLoaded(Ok(f)) => self.folders = f,
            Message::FoldersLoaded(Err(e)) => return (Task::none(), Some(Event::Failed(e))),
            Message::SelectFolder(sel) => {
                self.selection = sel;
                return (self.reload(data), None);
            }
            Message::CountLoaded(g, r) if g == self.generation => match r {
                Ok(n) => {
                    if let Rows::Browse { total, .. } = &mut self.rows {
                        *total = n;
                    }
                    return (self.fetch_missing(data), None);
                }
                Err(e) => return (Task::none(), Some(Event::Failed(e))),
            },
            Message::PageLoaded(g, page, r) if g == self.generation => match r {
                Ok(loaded) => {
                    if let Rows::Browse {
                        pages,
                        pending,
                        ends,
                        ..
                    } = &mut self.rows
                    {
                        pending.remove(&page);
                        if let Some(last) = loaded.last {
                            ends.insert(page, last);
                        }
                        pages.insert(page, loaded.rows);
                    }
                    // A page asked for while the one before it was loading can start at its
                    // end now.
                    return (self.fetch_missing(data), None);
                }
                Err(e) => return (Task::none(), Some(Event::Failed(e))),
            },
            Message::ResultsLoaded(g, r) if g == self.generation => match r {
                Ok(rows) => self.rows = Rows::Results(rows),
                Err(e) => return (Task::none(), Some(Event::Failed(e))),
            },
            Message::CountLoaded(..) | Message::PageLoaded(..) | Message::ResultsLoaded(..) => {}
            Message::Scrolled(v) => {
                self.scroll_y = v.absolute_offset().y;
                self.viewport_h = v.bounds().height;
                return (self.fetch_missing(data), None);
            }
            Message::SearchChanged(s) => self.search = s,
            Message::SearchSubmit => {
                self.by_relevance = true;
                return (self.reload(data), None);
            }
            Message::KindFilter(c) => {
                self.kind = c.value;
                return (self.reload(data), None);
            }
            Message::SigFilter(c) => {
                self.signature = c.value;
                return (self.reload(data), None);
            }
            Message::StateFilter(c) => {
                self.state = c.value;
                return (self.reload(data), None);
            }
            Message::DocFilter(c) => {
                self.documents = c.value;
                return (self.reload(data), None);
            }
            Message::ToggleOrder => {
                self.by_relevance = !self.by_relevance;
                return (self.reload(data), None);
            }
            Message::ClearFilters => {
                self.search.clear();
                self.kind = None;
                self.signature = None;
                self.state = None;
                self.documents = None;
                return (self.reload(data), None);
            }
            // The message stays: the app finds nothing waiting when the time runs out.
            Message::UndoDelete => self.pending_delete = None,
            Message::Open(id) => {
                self.selected = Some(id);
                let at = self.loaded_rows().find(|(_, r)| r.id == id).map(|(i, _)| i);
                self.cursor = at;
                return (Task::none(), Some(Event::Open(id)));
            }
        }
        (Task::none(), None)
    }

    /// Moves the keyboard cursor `delta` rows (from the open message when there is no
    /// cursor yet), scrolling the list to keep it in view.
    pub fn move_cursor(&mut self, delta: i64, data: &Data) -> Task<Message> {
        let total = self.total();
        if total == 0 {
            return Task::none();
        }
        let start = self.cursor.or_else(|| {
            self.selected
                .and_then(|id| self.loaded_rows().find(|(_, r)| r.id == id).map(|(i, _)| i))
        });
        let next = match start {
            None if delta > 0 => 0,
            None => total - 1,
            Some(i) => (i as i64 + delta).clamp(0, total as i64 - 1) as usize,
        };
        self.cursor = Some(next);
        let top = next as f32 * ROW_HEIGHT;
        let view_h = if self.viewport_h > 0.0 {
            self.viewport_h
        } else {
            600.0
        };
        let target = if top < self.scroll_y {
            Some(top)
        } else if top + ROW_HEIGHT > self.scroll_y + view_h {
            Some(top + ROW_HEIGHT - view_h)
        } else {
            None
        };
        let Some(y) = target else {
            return Task::none();
        };
        self.scroll_y = y.max(0.0);
        Task::batch([
            iced::widget::operation::scroll_to(
                LIST_ID,
                scrollable::AbsoluteOffset {
                    x: 0.0,
                    y: self.scroll_y,
                },
            ),
            self.fetch_missing(data),
        ])
    }

    /// The listing's generation (results of older listings are dropped).
    #[cfg(test)]
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// The id of row `i`, when loaded.
    #[cfg(test)]
    pub fn row_id(&self, i: usize) -> Option<i64> {
        self.loaded_rows().find(|(j, _)| *j == i).map(|(_, r)| r.id)
    }

    /// The message under the keyboard cursor, when its row is loaded.
    pub fn cursor_id(&self) -> Option<i64> {
        let c = self.cursor?;
        self.loaded_rows().find(|(i, _)| *i == c).map(|(_, r)| r.id)
    }

    /// The loaded rows with their index in the listing.
    fn loaded_rows(&self) -> Box<dyn Iterator<Item = (usize, &MessageRow)> + '_> {
        match &self.rows {
            Rows::Empty => Box::new(std::iter::empty()),
            Rows::Browse { pages, .. } => Box::new(pages.iter().flat_map(|(p, rows)| {
                rows.iter().enumerate().map(move |(i, r)| (p * PAGE + i, r))
            })),
            Rows::Results(rows) => Box::new(rows.iter().enumerate()),
        }
    }

    /// (unread, total) per account, from the folder counts (a message filed in two folders
    /// counts twice).
    pub fn account_counts(&self) -> std::collections::BTreeMap<String, (usize, usize)> {
        let mut out = std::collections::BTreeMap::new();
        for f in &self.folders {
            if let Some(a) = &f.account {
                let e: &mut (usize, usize) = out.entry(a.clone()).or_default();
                e.0 += f.unread;
                e.1 += f.messages;
            }
        }
        out
    }

    /// Rows that fit in the list (at least those of a 600-pixel list).
    pub fn visible_rows(&self) -> usize {
        (self.viewport_h.max(600.0) / ROW_HEIGHT).ceil() as usize
    }

    /// True when the list has row `first` at its top (give or take one: positions are
    /// `f32`) and every row in sight is loaded.
    pub fn rows_loaded_at(&self, first: usize) -> bool {
        let total = self.total();
        if total == 0 {
            return false;
        }
        let top = ((self.scroll_y / ROW_HEIGHT).floor().max(0.0) as usize).min(total - 1);
        if top.abs_diff(first.min(total - 1)) > 1 {
            return false;
        }
        let last = (top + self.visible_rows()).min(total);
        match &self.rows {
            Rows::Browse { pages, .. } => {
                (top..last).all(|i| pages.get(&(i / PAGE)).is_some_and(|p| i % PAGE < p.len()))
            }
            Rows::Results(r) => !r.is_empty(),
            Rows::Empty => false,
        }
    }

    /// Moves the list so that row `row` is at its top and loads the rows then in sight, as a
    /// scroll by the user does (the benchmark's scroll through the whole list).
    pub fn scroll_to_row(&mut self, row: usize, data: &Data) -> Task<Message> {
        self.scroll_y = row as f32 * ROW_HEIGHT;
        let to = iced::widget::operation::scroll_to(
            LIST_ID,
            scrollable::AbsoluteOffset {
                x: 0.0,
                y: self.scroll_y,
            },
        );
        Task::batch([to, self.fetch_missing(data)])
    }

    /// Total rows of the listing.
    pub fn total(&self) -> usize {
        match &self.rows {
            Rows::Empty => 0,
            Rows::Browse { total, .. } => *total,
            Rows::Results(r) => r.len(),
        }
    }

    /// The folder column. `accounts` are the configured accounts with, for those whose last
    /// sync failed, what went wrong: each is shown even before it has any message, and a
    /// failing one says so under its name.
    pub fn sidebar(&self, lang: Lang, accounts: &[AccountMark]) -> Element<'_, Message> {
        let mut col = column![text(tr(lang, "gui-folders")).size(14)].spacing(2);
        let all_total: usize = self.folders.iter().map(|f| f.messages).sum();
        col = col.push(folder_button(
            tr(lang, "gui-folder-all"),
            all_total.to_string(),
            self.selection == FolderSel::All,
            FolderSel::All,
        ));
        let mark = |id: &Option<String>| accounts.iter().find(|m| Some(&m.id) == id.as_ref());
        let mut last_account: Option<&Option<String>> = None;
        for f in &self.folders {
            if last_account != Some(&f.account) {
                let name = f
                    .account
                    .clone()
                    .unwrap_or_else(|| tr(lang, "gui-account-imported"));
                col = col.push(account_header(name, mark(&f.account)));
                last_account = Some(&f.account);
            }
            let label = match f.folder.as_deref() {
                Some("INBOX") => tr(lang, "gui-folder-inbox"),
                Some(other) => other.to_owned(),
                // Kept by Sigillo when sending, with no copy in the server's Sent folder.
                None if f.sent => tr(lang, "gui-folder-sent-here"),
                None => tr(lang, "gui-folder-none"),
            };
            let sel = FolderSel::Folder {
                account: f.account.clone(),
                folder: f.folder.clone(),
            };
            let count = if f.unread > 0 {
                format!("{} / {}", f.unread, f.messages)
            } else {
                f.messages.to_string()
            };
            col = col.push(folder_button(label, count, self.selection == sel, sel));
        }
        // Accounts with nothing stored yet (a first sync failing, or still running).
        for m in accounts {
            if !self
                .folders
                .iter()
                .any(|f| f.account.as_deref() == Some(m.id.as_str()))
            {
                col = col.push(account_header(m.id.clone(), Some(m)));
                col = col.push(
                    container(text(tr(lang, "gui-account-no-messages")).size(11)).padding([0, 8]),
                );
            }
        }
        scrollable(col.padding(8)).height(Length::Fill).into()
    }

    /// Search field and filters.
    pub fn toolbar(&self, lang: Lang) -> Element<'_, Message> {
        let mut kinds = vec![Choice {
            value: None,
            label: tr(lang, "gui-filter-all-kinds"),
        }];
        kinds.extend(PecKind::ALL.into_iter().map(|k| Choice {
            value: Some(k),
            label: sigillo::i18n::kind_label(lang, k),
        }));
        let kind_sel = kinds.iter().find(|c| c.value == self.kind).cloned();

        let mut sigs = vec![
            Choice {
                value: None,
                label: tr(lang, "gui-filter-all-signatures"),
            },
            Choice {
                value: Some(SigChoice::Unverified),
                label: tr(lang, "gui-sig-short-unverified"),
            },
        ];
        sigs.extend(Status::ALL.into_iter().map(|s| Choice {
            value: Some(SigChoice::Is(s)),
            label: sigillo::i18n::status_label(lang, s),
        }));
        let sig_sel = sigs.iter().find(|c| c.value == self.signature).cloned();

        let mut states = vec![Choice {
            value: None,
            label: tr(lang, "gui-filter-all-states"),
        }];
        states.extend(RecipientState::ALL.into_iter().map(|s| Choice {
            value: Some(s),
            label: sigillo::i18n::state_label(lang, s),
        }));
        let state_sel = states.iter().find(|c| c.value == self.state).cloned();
        let docs = vec![
            Choice {
                value: None,
                label: tr(lang, "gui-filter-all-documents"),
            },
            Choice {
                value: Some(DocumentTag::Invoices),
                label: tr(lang, "gui-filter-invoices"),
            },
            Choice {
                value: Some(DocumentTag::SdiNotifications),
                label: tr(lang, "gui-filter-sdi"),
            },
        ];
        let doc_sel = docs.iter().find(|c| c.value == self.documents).cloned();

        let order_label = if self.by_relevance && !self.search.trim().is_empty() {
            tr(lang, "gui-order-relevance")
        } else {
            tr(lang, "gui-order-date")
        };
        column![
            row![
                text_input(&tr(lang, "gui-search-placeholder"), &self.search)
                    .id(SEARCH_ID)
                    .on_input(Message::SearchChanged)
                    .on_submit(Message::SearchSubmit)
                    .padding(6)
                    .width(Length::Fill),
                button(text(tr(lang, "gui-search"))).on_press(Message::SearchSubmit),
            ]
            .spacing(6),
            row![
                pick_list(kinds, kind_sel, Message::KindFilter)
                    .text_size(12)
                    .width(Length::Fill),
                pick_list(sigs, sig_sel, Message::SigFilter)
                    .text_size(12)
                    .width(Length::Fill),
            ]
            .spacing(6),
            row![
                pick_list(states, state_sel, Message::StateFilter)
                    .text_size(12)
                    .width(Length::Fill),
                pick_list(docs, doc_sel, Message::DocFilter)
                    .text_size(12)
                    .width(Length::Fill),
            ]
            .spacing(6),
            row![
                button(text(order_label).size(12))
                    .style(button::secondary)
                    .on_press(Message::ToggleOrder),
                button(text(tr(lang, "gui-filter-clear")).size(12))
                    .style(button::text)
                    .on_press(Message::ClearFilters),
            ]
            .spacing(6)
            .align_y(Alignment::Center),
        ]
        .spacing(6)
        .padding(8)
        .into()
    }

    /// The message list: only the rows in view are built.
    pub fn list(&self, lang: Lang) -> Element<'_, Message> {
        let total = self.total();
        let header = text(tr_args(
            lang,
            if self.filtering() {
                "gui-list-results"
            } else {
                "gui-list-count"
            },
            &[("count", num(total))],
        ))
        .size(12);
        if total == 0 {
            let empty = match &self.rows {
                Rows::Browse { pending, .. } if !pending.is_empty() => tr(lang, "gui-loading"),
                _ => tr(lang, "gui-list-empty"),
            };
            return column![
                container(header).padding([4, 8]),
                container(text(empty)).padding(20)
            ]
            .into();
        }
        // The rows are built for the width the pane has: long senders and subjects end with
        // "…" where they would run into the date or out of the pane.
        let rows = iced::widget::responsive(move |size| self.rows_view(lang, total, size.width));
        column![container(header).padding([4, 8]), rule::horizontal(1), rows].into()
    }

    fn rows_view(&self, lang: Lang, total: usize, width: f32) -> Element<'_, Message> {
        let first = ((self.scroll_y / ROW_HEIGHT).floor().max(0.0) as usize).min(total - 1);
        let visible = (self.viewport_h.max(600.0) / ROW_HEIGHT).ceil() as usize + 2;
        let last = (first + visible).min(total);
        let mut body = column![Space::new().height(first as f32 * ROW_HEIGHT)];
        for i in first..last {
            let row = match &self.rows {
                Rows::Browse { pages, .. } => pages.get(&(i / PAGE)).and_then(|p| p.get(i % PAGE)),
                Rows::Results(r) => r.get(i),
                Rows::Empty => None,
            };
            body = body.push(match row {
                Some(r) => self.row_view(lang, r, self.cursor == Some(i), width),
                None => container(text(tr(lang, "gui-loading")).size(12))
                    .height(ROW_HEIGHT)
                    .padding([4, 8])
                    .into(),
            });
        }
        body = body.push(Space::new().height((total - last) as f32 * ROW_HEIGHT));
        scrollable(body)
            .id(LIST_ID)
            .on_scroll(Message::Scrolled)
            // Beside the rows, not over their dates.
            .direction(scrollable::Direction::Vertical(
                scrollable::Scrollbar::new().spacing(2),
            ))
            .height(Length::Fill)
            .into()
    }

    fn row_view<'a>(
        &self,
        lang: Lang,
        r: &'a MessageRow,
        focused: bool,
        width: f32,
    ) -> Element<'a, Message> {
        if self.pending_delete == Some(r.id) {
            return container(
                row![
                    text(tr(lang, "gui-delete-pending"))
                        .size(12)
                        .width(Length::Fill),
                    button(text(tr(lang, "gui-delete-undo")).size(12))
                        .style(button::primary)
                        .on_press(Message::UndoDelete),
                ]
                .spacing(8)
                .align_y(Alignment::Center),
            )
            .height(ROW_HEIGHT)
            .padding([3, 8])
            .style(style::panel)
            .into();
        }
        // Long senders, outcomes and subjects end with "…" where they would run into the date
        // or out of the pane, from the average advance of the list's fonts (DejaVu Sans at
        // 11–13 px, generous) and the room the badge, the date and the padding take.
        // In a pane too narrow for both, the kind's badge gives way to the sender: the
        // outcome under them still says what happened, and a sender cut to two letters says
        // nothing.
        let badge = sigillo::i18n::badge_label(lang, r.outcome.badge());
        let badge_px = badge.chars().count() as f32 * 6.6 + 18.0;
        let show_badge = (width - 150.0 - badge_px) / 7.0 >= MIN_SENDER_CHARS;
        let sender_px = width - 150.0 - if show_badge { badge_px } else { 0.0 };
        let sender_chars = (sender_px / 7.0).max(4.0) as usize;
        let mark = widgets::ellipsize(
            &sigillo::i18n::outcome_short(lang, &r.outcome),
            ((width - 40.0) * 0.5 / 7.0).max(10.0) as usize,
        );
        let mark_px = mark.chars().count() as f32 * 7.0 + 20.0;
        let subject_chars = ((width - 40.0 - mark_px) / 7.2).max(6.0) as usize;
        // Local time: a list stamped in several zones reads in one.
        let date = r
            .date
            .map(sigillo::i18n::time_text::local_minutes)
            .unwrap_or_default();
        let subject = r
            .subject
            .clone()
            .filter(|s| !s.trim().is_empty())
            .unwrap_or_else(|| tr(lang, "gui-no-subject"));
        // Who the message is about: a receipt names the recipient it concerns, not the user.
        let sender = widgets::ellipsize(
            r.counterpart
                .as_deref()
                .or(r.sender.as_deref())
                .unwrap_or_default(),
            sender_chars,
        );
        let subject = widgets::ellipsize(&subject, subject_chars);
        let mut first_line = row![].spacing(6).align_y(Alignment::Center);
        if show_badge {
            first_line = first_line.push(widgets::badge(lang, r.outcome.badge()));
        }
        let first_line = first_line
            // Clipped: in a narrow pane even the shortest sender never runs over the date.
            .push(
                container(text(sender).size(12).wrapping(text::Wrapping::None))
                    .width(Length::Fill)
                    .clip(true),
            )
            .push(text(date).size(11).wrapping(text::Wrapping::None));
        let content = column![
            first_line,
            row![
                // What happened first (its words say "not proven" when the signature fails).
                widgets::outcome_mark(mark, r.outcome.tone()),
                // Not read yet: the subject in bold, as in any mail client.
                container(
                    text(subject)
                        .size(13)
                        .font(if r.unread {
                            iced::Font {
                                weight: iced::font::Weight::Bold,
                                ..iced::Font::DEFAULT
                            }
                        } else {
                            iced::Font::DEFAULT
                        })
                        .wrapping(text::Wrapping::None),
                )
                .width(Length::Fill)
                .clip(true),
            ]
            .spacing(6)
            .align_y(Alignment::Center),
        ]
        .spacing(3);
        button(content)
            .width(Length::Fill)
            .height(ROW_HEIGHT)
            .padding([3, 8])
            .style(if focused {
                Box::new(style::row_focused(self.selected == Some(r.id)))
                    as Box<dyn Fn(&iced::Theme, button::Status) -> button::Style>
            } else {
                Box::new(style::row_button(self.selected == Some(r.id)))
            })
            .on_press(Message::Open(r.id))
            .into()
    }
}

/// A configured account as the folder column shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountMark {
    /// The account id.
    pub id: String,
    /// What went wrong with its last sync, if it failed.
    pub problem: Option<String>,
}

fn account_header<'a>(name: String, mark: Option<&AccountMark>) -> Element<'a, Message> {
    match mark.and_then(|m| m.problem.as_ref()) {
        Some(problem) => {
            let bad = style::status_color(Status::Tampered);
            container(
                column![
                    text(format!("⚠ {name}")).size(12).color(bad),
                    text(widgets::ellipsize(problem, 60)).size(10).color(bad),
                ]
                .spacing(1),
            )
            .padding([8, 4])
            .width(Length::Fill)
            .into()
        }
        None => container(text(name).size(12))
            .padding([8, 4])
            .width(Length::Fill)
            .into(),
    }
}

fn folder_button<'a>(
    label: String,
    count: String,
    selected: bool,
    sel: FolderSel,
) -> Element<'a, Message> {
    button(
        row![
            text(label).size(13).width(Length::Fill),
            text(count).size(11),
        ]
        .spacing(6),
    )
    .width(Length::Fill)
    .padding([4, 8])
    .style(style::row_button(selected))
    .on_press(Message::SelectFolder(sel))
    .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: i64, unread: bool) -> MessageRow {
        MessageRow {
            id,
            date: None,
            kind: None,
            receipt_type: None,
            subject: None,
            sender: None,
            size: 0,
            signature: None,
            warnings: Vec::new(),
            unread,
            message_id: None,
            counterpart: None,
            outcome: sigillo::outcome::Facts::default().outcome(),
        }
    }

    #[test]
    fn a_narrow_pane_gives_the_badge_up_for_a_readable_sender() {
        let lang = Lang::It;
        let sender = "mario.rossi@pec.studiolegale-esempio.it";
        let r = MessageRow {
            counterpart: Some(sender.to_owned()),
            outcome: sigillo::outcome::Facts {
                kind: Some(sigillo::pec::PecKind::ErroreConsegna),
                signature: Some(sigillo::verify::Status::Valid),
                about: Some(sender.to_owned()),
                errore: Some("no-dest".to_owned()),
                ..sigillo::outcome::Facts::default()
            }
            .outcome(),
            ..row(1, false)
        };
        let badge = sigillo::i18n::badge_label(lang, r.outcome.badge());
        let mark = sigillo::i18n::outcome_short(lang, &r.outcome);
        let m = Mailbox::default();
        let shown = |width: f32| -> Vec<String> {
            crate::gui::tests::texts(m.row_view(lang, &r, false, width))
                .into_iter()
                .map(|(t, _)| t)
                .collect()
        };
        let sender_shown = |texts: &[String]| -> usize {
            texts
                .iter()
                .filter(|t| t.starts_with("mario"))
                .map(|t| t.trim_end_matches('…').chars().count())
                .max()
                .unwrap_or(0)
        };
        // Wide: the badge, the sender whole, the outcome.
        let wide = shown(600.0);
        assert!(wide.contains(&badge), "{wide:?}");
        assert_eq!(sender_shown(&wide), sender.chars().count(), "{wide:?}");
        assert!(wide.iter().any(|t| t.starts_with(&mark[..6])), "{wide:?}");
        // Too narrow for both: no badge, but a sender one can read, and the outcome still.
        let narrow = shown(290.0);
        assert!(!narrow.contains(&badge), "{narrow:?}");
        assert!(sender_shown(&narrow) >= 10, "{narrow:?}");
        assert!(
            narrow.iter().any(|t| t.starts_with(&mark[..6])),
            "{narrow:?}"
        );
    }

    #[test]
    fn a_row_deleted_a_moment_ago_offers_to_keep_it() {
        let lang = Lang::It;
        let mut m = Mailbox {
            pending_delete: Some(2),
            ..Mailbox::default()
        };
        let shown = |m: &Mailbox, r: &MessageRow| -> Vec<String> {
            crate::gui::tests::texts(m.row_view(lang, r, false, 400.0))
                .into_iter()
                .map(|(t, _)| t)
                .collect()
        };
        let pending = shown(&m, &row(2, false));
        assert!(
            pending.contains(&tr(lang, "gui-delete-pending")),
            "{pending:?}"
        );
        assert!(pending.contains(&tr(lang, "gui-delete-undo")));
        assert!(!shown(&m, &row(1, false)).contains(&tr(lang, "gui-delete-undo")));
        let dir = tempfile::tempdir().unwrap();
        let data = Data::open(dir.path()).unwrap();
        let (_, event) = m.update(Message::UndoDelete, &data);
        assert!(event.is_none(), "{event:?}");
        assert_eq!(m.pending_delete, None);
        assert!(!shown(&m, &row(2, false)).contains(&tr(lang, "gui-delete-undo")));
    }

    #[test]
    fn a_page_waits_for_the_one_before_and_starts_where_it_ended() {
        let dir = tempfile::tempdir().unwrap();
        let data = Data::open(dir.path()).unwrap();
        let end_of_first_page = data
            .with_store_now(|s| {
                for n in 0..3 {
                    let raw = format!(
                        "From: a@example.org\r\nSubject: {n}\r\nMessage-ID: <{n}@x>\r\n\r\nciao\r\n"
                    );
                    s.ingest(
                        raw.as_bytes(),
                        &sigillo::store::Source::Sent {
                            account: "a".into(),
                        },
                    )?;
                }
                s.list_page(&ListQuery {
                    limit: 2,
                    ..ListQuery::default()
                })
            })
            .unwrap()
            .last
            .unwrap();
        let mut m = Mailbox {
            rows: Rows::Browse {
                total: 1000,
                pages: BTreeMap::new(),
                pending: HashSet::new(),
                ends: BTreeMap::new(),
            },
            scroll_y: 250.0 * ROW_HEIGHT,
            ..Mailbox::default()
        };
        assert!(!m.rows_loaded_at(250));
        // Rows 250 to 264 are on pages 2 and 3: page 3 waits for page 2.
        let _ = m.fetch_missing(&data);
        let Rows::Browse { pending, .. } = &m.rows else {
            unreachable!()
        };
        assert_eq!(pending.iter().copied().collect::<Vec<_>>(), [2]);
        // Without the end of page 2, page 3 starts from its offset; with it, from there.
        assert_eq!((m.page_query(3).offset, m.page_query(3).after), (300, None));
        if let Rows::Browse { ends, pages, .. } = &mut m.rows {
            ends.insert(2, end_of_first_page);
            pages.insert(2, (200..300).map(|i| row(i, false)).collect());
            pages.insert(3, (300..400).map(|i| row(i, false)).collect());
        }
        assert_eq!(m.page_query(3).after, Some(end_of_first_page));
        assert!(m.rows_loaded_at(250));
        assert!(!m.rows_loaded_at(100), "not the row at the top");
    }

    #[test]
    fn an_opened_message_shows_as_read_without_reloading_the_list() {
        let mut m = Mailbox {
            rows: Rows::Results(vec![row(1, true), row(2, true)]),
            ..Mailbox::default()
        };
        m.mark_read(2);
        let Rows::Results(rows) = &m.rows else {
            unreachable!()
        };
        assert_eq!(
            rows.iter().map(|r| (r.id, r.unread)).collect::<Vec<_>>(),
            [(1, true), (2, false)]
        );
        let mut pages = BTreeMap::new();
        pages.insert(0, vec![row(3, true)]);
        pages.insert(1, vec![row(4, true)]);
        m.rows = Rows::Browse {
            total: 2,
            pages,
            pending: HashSet::new(),
            ends: BTreeMap::new(),
        };
        m.mark_read(4);
        let Rows::Browse { pages, .. } = &m.rows else {
            unreachable!()
        };
        assert!(pages[&0][0].unread && !pages[&1][0].unread);
    }
}
