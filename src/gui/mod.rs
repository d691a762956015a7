//! The desktop app (iced, Elm style). Each screen owns its `Message`, `update` and `view`; this
//! root only routes messages and events between them (the Halloy pattern). Work on the store,
//! OpenSSL and the network runs in background tasks, never on the UI thread.
//!
//! A first run with no account opens the built-in demo mailbox, clearly marked as such.

mod account_settings;
mod archive_settings;
mod compose;
mod connection_test;
mod data;
mod demo;
#[rustfmt::skip]
mod demo_files;
mod accounts;
mod export;
mod files;
mod icon;
mod layout;
mod mailbox;
mod message_view;
mod notify;
mod path_chooser;
mod print;
mod rem_panel;
mod reply;
mod settings;
mod shortcuts;
mod style;
mod timeline;
mod widgets;
mod wizard;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_accounts;
#[cfg(test)]
mod tests_archive;
#[cfg(test)]
mod tests_outcome;
#[cfg(test)]
mod tests_rem;
#[cfg(test)]
mod tests_sent;
#[cfg(test)]
mod tests_work;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How long a deleted message can be kept with "Annulla" before the store deletes it.
pub(crate) const UNDO_DELETE: Duration = Duration::from_secs(10);

use iced::widget::{button, column, container, row, rule, text};
use iced::{Alignment, Element, Length, Subscription, Task, Theme};

use sigillo::i18n::{Lang, tr};
use sigillo::net::compose::PastReceipts;
use sigillo::pec::timeline::Policy;

use data::{Data, Failure};
use settings::{Settings, ThemeChoice};

/// How the app was started.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// `--profile DIR`.
    pub profile: Option<PathBuf>,
    /// Force the demo mailbox.
    pub demo: bool,
    /// Measure the window and quit (for the benchmark).
    pub bench: Option<Bench>,
    /// Open on this screen (for screenshots): `mailbox`, `message`, `timeline`, `compose`,
    /// `settings`.
    pub screen: Option<String>,
}

/// What the window measures of itself before quitting (`scripts/bench`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bench {
    /// Print when a frame showing message rows was drawn, then quit.
    RowsDrawn,
    /// Then scroll the whole list a page at a time, each step once the rows in sight are
    /// loaded and drawn; print how long it took, then quit.
    ScrollAll,
}

/// The benchmark's scroll through the whole list.
#[derive(Debug, Clone, Copy)]
struct ScrollRun {
    started: Instant,
    /// The row at the top of the list now.
    row: usize,
}

/// The screens of the main window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    /// Folders, list and the selected message.
    Mailbox,
    /// Sent messages and their per-recipient outcome.
    Timeline,
    /// Write a PEC.
    Compose,
    /// Preferences and trust anchors.
    Settings,
    /// Add a PEC account.
    Wizard,
}

/// Every message of the app.
#[derive(Debug, Clone)]
pub enum Message {
    /// Go to a screen.
    Navigate(Screen),
    /// Messages left unanalysed or read by an earlier version were analysed and checked
    /// (how many).
    CaughtUp(Result<CatchUp, Failure>),
    /// Mailbox screen.
    Mailbox(mailbox::Message),
    /// The message view.
    View(message_view::Message),
    /// A message finished loading.
    Opened(Box<Result<sigillo::reading::OpenedMessage, Failure>>),
    /// Timeline screen.
    Timeline(timeline::Message),
    /// Compose screen.
    Compose(compose::Message),
    /// Settings screen.
    Settings(settings::Message),
    /// Signatures were checked again after a trust change.
    Reverified(Result<usize, Failure>),
    /// What deleting a message would take away: (id, proof lines; empty when none).
    DeleteAsked(Result<(i64, Vec<String>), Failure>),
    /// A message was deleted.
    Deleted(Result<i64, Failure>),
    /// The time to undo the deletion of a message ran out: delete it now.
    DeleteDue(i64),
    /// Keep the message whose deletion waits (undo).
    UndoDelete,
    /// Account wizard.
    Wizard(wizard::Message),
    /// The accounts section of the settings.
    AccountsPanel(account_settings::Message),
    /// The "proof over time" section of the settings (timestamps, backup, audit).
    Archive(archive_settings::Message),
    /// A sync worker reported.
    Sync(sigillo::net::sync::SyncEvent),
    /// Sync every account now.
    SyncNow,
    /// A sending progressed.
    Send(sigillo::net::send::SendProgress),
    /// An export progressed.
    Export(export::ExportEvent),
    /// A mailbox reported how full it is.
    Health(String, Option<sigillo::net::health::Usage>),
    /// Show or hide error details.
    ToggleErrorDetails,
    /// Dismiss the error line.
    DismissError,
    /// A keyboard shortcut.
    Key(shortcuts::Shortcut),
    /// A desktop notification was clicked (its message), or closed.
    NotificationClicked(Option<i64>),
    /// Show or hide the keyboard help.
    ToggleHelp,
    /// Paths were chosen for a purpose (`None`: closed); true when by a native dialog.
    Picked(files::Purpose, Option<Vec<PathBuf>>, bool),
    /// Ask for a path for a purpose.
    Pick(files::Purpose),
    /// The built-in chooser.
    Chooser(path_chooser::Message),
    /// A file was dropped on the window.
    Dropped(PathBuf),
    /// An import finished.
    Imported(Arc<Result<sigillo::import::ImportSummary, String>>),
    /// A print finished: the PDF opened, or why not.
    Printed(Result<PathBuf, String>),
    /// Open or close the import menu.
    ImportMenu,
    /// Open a folder in the file manager.
    OpenFolder(PathBuf),
    /// The system's opener answered about a folder (the reason when it did not open it).
    FolderOpened(Result<(), String>),
    /// Close the notice line.
    DismissNotice,
    /// A handle between panes was dragged.
    PaneResized(iced::widget::pane_grid::ResizeEvent),
    /// A background step finished with nothing to show.
    Settled,
    /// A frame was drawn (the time it was asked for).
    Frame(Instant),
}

/// The whole app.
pub struct App {
    settings: Settings,
    lang: Lang,
    data: Option<Data>,
    demo: bool,
    screen: Screen,
    mailbox: mailbox::Mailbox,
    viewer: Option<message_view::MessageView>,
    loading_message: bool,
    timeline: timeline::TimelineScreen,
    compose: compose::ComposeScreen,
    settings_screen: settings::SettingsScreen,
    wizard: wizard::Wizard,
    accounts: accounts::Accounts,
    accounts_panel: account_settings::AccountsPanel,
    archive: archive_settings::ArchiveSection,
    export_status: Option<String>,
    export_cancel: Option<std::sync::Arc<std::sync::atomic::AtomicBool>>,
    error: Option<Failure>,
    error_details: bool,
    /// The keyboard help overlay is shown.
    help: bool,
    /// Native file dialogs can be shown (else the built-in chooser is used).
    native_dialogs: bool,
    /// The built-in chooser, when open, with what it chooses for.
    chooser: Option<(files::Purpose, path_chooser::PathChooser)>,
    /// The import menu is open.
    import_menu: bool,
    /// A line about files saved, exported, imported or printed.
    notice: Option<files::Notice>,
    /// Delete was pressed on a row not yet open: ask about this message once it is.
    delete_on_open: Option<i64>,
    /// The mailbox screen's panes and their sizes.
    panes: iced::widget::pane_grid::State<layout::Pane>,
    started: Instant,
    bench: Option<Bench>,
    /// When a view first showed the rows in sight all loaded (at the expected position of a
    /// benchmark scroll); set while building the view.
    rows_seen: std::cell::Cell<Option<Instant>>,
    scroll: Option<ScrollRun>,
    profile_option: Option<PathBuf>,
}

/// Analyses and checks, off the window's thread, the messages a stopped run left unanalysed
/// and those an earlier version of Sigillo read by other rules (the next import or sync would
/// do it too; a user who only reads must not wait for one), one step of [`CATCH_UP_STEP`]
/// messages at a time: the answer says whether another step is due. Nothing is done on a
/// store that can only be read.
fn catch_up(data: &Data, so_far: usize) -> Task<Message> {
    let d = data.clone();
    let trust = data.trust();
    Task::perform(
        async move {
            d.with_store(move |s| catch_up_step(s, &trust, so_far))
                .await
        },
        Message::CaughtUp,
    )
}

/// One step of the catch-up on `s`, `so_far` messages analysed by the steps before.
fn catch_up_step(
    s: &mut sigillo::store::Store,
    trust: &sigillo::verify::TrustList,
    so_far: usize,
) -> sigillo::store::Result<CatchUp> {
    let done = CatchUp {
        analysed: so_far,
        more: false,
    };
    if s.read_only().is_some() {
        return Ok(done);
    }
    if s.pending_analysis()? > 0 {
        // Nothing analysed while some are pending: another process holds them.
        let n = s.analyse_pending_at_most(CATCH_UP_STEP, &mut |_, _| {})?;
        if n > 0 {
            return Ok(CatchUp {
                analysed: so_far + n,
                more: true,
            });
        }
    }
    if so_far == 0 {
        return Ok(done);
    }
    // Read again: their checks, in steps too.
    let n = s.verify_pending_at_most(trust, chrono::Utc::now(), CATCH_UP_STEP, &mut |_, _| {})?;
    Ok(CatchUp {
        more: n >= CATCH_UP_STEP,
        ..done
    })
}

/// Messages the catch-up analyses or checks while it holds the store: between two steps the
/// window reads (its list, a message), so an upgrade that re-reads a large store does not
/// leave the window waiting for all of it.
const CATCH_UP_STEP: usize = 512;

/// Where the catch-up stands after a step.
#[derive(Debug, Clone, Copy)]
pub struct CatchUp {
    /// Messages analysed since the window started.
    analysed: usize,
    /// More is left: take the next step.
    more: bool,
}

/// Runs the app until its window closes.
pub fn run(options: Options) -> iced::Result {
    // Opened attachments are copied into a private folder: what ended sessions left there goes
    // now, this session's folder goes when the window closes.
    let _opened_copies = sigillo::launch::Session::start();
    iced::application(move || App::boot(options.clone()), App::update, App::view)
        .title(App::title)
        .theme(App::theme)
        .subscription(App::subscription)
        .window(icon::window_settings())
        .run()
}

/// The demo is used when asked, or when the default profile holds no mail and no account.
fn use_demo(options: &Options) -> bool {
    if options.demo {
        return true;
    }
    if options.profile.is_some() || std::env::var_os(sigillo::profile::PROFILE_ENV).is_some() {
        return false;
    }
    if !accounts::Accounts::load(None, false).list().is_empty() {
        return false;
    }
    match sigillo::profile::default_profile_dir() {
        Some(dir) => !dir.join(sigillo::store::DATABASE_FILE).exists(),
        None => true,
    }
}

impl App {
    /// Opens the profile (or the demo) and starts loading the first screen.
    /// After the analysis caught up, the lists show what it found.
    fn caught_up(&mut self, result: Result<CatchUp, Failure>) -> Task<Message> {
        match result {
            Ok(step) if step.more => match &self.data {
                Some(d) => catch_up(d, step.analysed),
                None => Task::none(),
            },
            Ok(CatchUp { analysed: 0, .. }) => Task::none(),
            Ok(_) => match self.data.clone() {
                Some(d) => Task::batch([
                    self.mailbox.refresh(&d).map(Message::Mailbox),
                    self.timeline
                        .refresh(&d, self.policy())
                        .map(Message::Timeline),
                ]),
                None => Task::none(),
            },
            Err(e) => {
                self.error = Some(e);
                Task::none()
            }
        }
    }

    pub fn boot(options: Options) -> (App, Task<Message>) {
        let started = Instant::now();
        let demo = use_demo(&options);
        let mut error = None;
        let profile = if demo {
            let dir = demo::demo_profile_dir(options.profile.as_deref());
            if let Some(dir) = &dir
                && let Err(e) = demo::prepare(dir)
            {
                error = Some(Failure::store(e));
            }
            dir
        } else {
            sigillo::profile::resolve(options.profile.as_deref())
        };
        let settings = profile.as_deref().map(Settings::load).unwrap_or_default();
        let data = match profile.as_deref().map(Data::open) {
            Some(Ok(d)) => Some(d),
            Some(Err(e)) => {
                error = Some(e);
                None
            }
            None => {
                error = Some(Failure::NoProfile);
                None
            }
        };
        let panes = layout::panes(settings.folders_ratio, settings.list_ratio);
        let mut app = App {
            lang: settings.lang(),
            settings,
            data,
            demo,
            screen: Screen::Mailbox,
            mailbox: mailbox::Mailbox::default(),
            viewer: None,
            loading_message: false,
            timeline: timeline::TimelineScreen::default(),
            compose: compose::ComposeScreen::default(),
            settings_screen: settings::SettingsScreen::default(),
            wizard: wizard::Wizard::default(),
            accounts: accounts::Accounts::load(options.profile.as_deref(), demo),
            accounts_panel: account_settings::AccountsPanel::default(),
            archive: profile
                .as_deref()
                .map(archive_settings::ArchiveSection::load)
                .unwrap_or_default(),
            export_status: None,
            export_cancel: None,
            error,
            error_details: false,
            help: false,
            native_dialogs: files::native_available(),
            chooser: None,
            import_menu: false,
            notice: None,
            delete_on_open: None,
            panes,
            started,
            bench: options.bench,
            rows_seen: std::cell::Cell::new(None),
            scroll: None,
            profile_option: None,
        };
        app.profile_option = options.profile.clone();
        match options.screen.as_deref() {
            Some("timeline") => app.screen = Screen::Timeline,
            Some("wizard") => app.screen = Screen::Wizard,
            Some("compose") => {
                app.screen = Screen::Compose;
                demo::fill_example_draft(&mut app.compose.draft);
            }
            Some("settings") => app.screen = Screen::Settings,
            _ => {}
        }
        let mut tasks = vec![];
        if let Some(d) = app.data.clone() {
            tasks.push(app.mailbox.refresh(&d).map(Message::Mailbox));
            tasks.push(catch_up(&d, 0));
            // The timelines load when their screen is shown (Navigate), not before the list.
            if app.screen == Screen::Timeline {
                tasks.push(
                    app.timeline
                        .refresh(&d, app.policy())
                        .map(Message::Timeline),
                );
            }
        }
        (app, Task::batch(tasks))
    }

    fn policy(&self) -> Policy {
        Policy {
            delivery_timeout: chrono::Duration::hours(self.settings.overdue_hours as i64),
        }
    }

    fn title(&self) -> String {
        let name = tr(self.lang, "app-name");
        if self.demo {
            format!("{name} — {}", tr(self.lang, "gui-demo-marker"))
        } else {
            name
        }
    }

    fn theme(&self) -> Option<Theme> {
        match self.settings.theme {
            ThemeChoice::System => None,
            ThemeChoice::Light => Some(Theme::Light),
            ThemeChoice::Dark => Some(Theme::Dark),
        }
    }

    fn subscription(&self) -> Subscription<Message> {
        let mut subs = vec![
            shortcuts::subscription().map(Message::Key),
            files::drops().map(Message::Dropped),
        ];
        if self.bench.is_some() {
            subs.push(iced::window::frames().map(Message::Frame));
        }
        // A read-only profile is browsed, never synced into.
        if let Some(data) = &self.data
            && !self.demo
            && data.read_only().is_none()
        {
            subs.push(
                self.accounts
                    .subscriptions(data.profile(), data.trust())
                    .map(Message::Sync),
            );
        }
        Subscription::batch(subs)
    }

    fn fail(&mut self, f: Failure) {
        self.error = Some(f);
        self.error_details = false;
    }

    /// Routes one message.
    pub fn update(&mut self, message: Message) -> Task<Message> {
        let task = self.dispatch(message);
        // The compose screen's warnings use what past receipts said of its recipients: looked
        // up in the store away from the window whenever they change.
        match (self.data.clone(), self.compose.start_look_up()) {
            (Some(data), Some(addresses)) => Task::batch([
                task,
                Task::perform(
                    async move {
                        data.with_store(move |s| PastReceipts::look_up(s, &addresses))
                            .await
                    },
                    |r| Message::Compose(compose::Message::Past(r.ok())),
                ),
            ]),
            _ => task,
        }
    }

    /// Handles one message.
    fn dispatch(&mut self, message: Message) -> Task<Message> {
        let Some(data) = self.data.clone() else {
            return match message {
                Message::DismissError => {
                    self.error = None;
                    Task::none()
                }
                Message::Frame(_) => {
                    println!("no profile: no message rows to draw");
                    iced::exit()
                }
                Message::ToggleHelp => {
                    self.help = !self.help;
                    Task::none()
                }
                _ => Task::none(),
            };
        };
        match message {
            Message::Settled => {}
            Message::CaughtUp(result) => return self.caught_up(result),
            Message::Navigate(s) => {
                self.screen = s;
                if s == Screen::Timeline {
                    return self
                        .timeline
                        .refresh(&data, self.policy())
                        .map(Message::Timeline);
                }
            }
            Message::Mailbox(m) => {
                let (task, event) = self.mailbox.update(m, &data);
                let task = task.map(Message::Mailbox);
                match event {
                    Some(mailbox::Event::Open(id)) => {
                        return Task::batch([task, self.open(id, &data)]);
                    }
                    Some(mailbox::Event::Failed(f)) => self.fail(f),
                    None => {}
                }
                return task;
            }
            Message::Opened(result) => {
                self.loading_message = false;
                match *result {
                    Ok(o) => {
                        let counts = if o.verdict_changed {
                            // The list shows the outcome just found, as the view does.
                            if o.read_now {
                                self.accounts.wake_for_read();
                            }
                            self.mailbox.refresh(&data).map(Message::Mailbox)
                        } else if o.read_now {
                            // The IMAP workers tell the server now, on their open connection.
                            self.accounts.wake_for_read();
                            self.mailbox.mark_read(o.id);
                            self.mailbox.refresh_folders(&data).map(Message::Mailbox)
                        } else {
                            Task::none()
                        };
                        let id = o.id;
                        if self.mailbox.selected == Some(id) || self.viewer.is_none() {
                            self.viewer = Some(message_view::MessageView::new(o));
                        }
                        // Delete was pressed on a row not yet open: the message is shown with
                        // what its deletion would take away.
                        if self.delete_on_open == Some(id) {
                            self.delete_on_open = None;
                            return Task::batch([counts, self.ask_delete(&data, id)]);
                        }
                        return counts;
                    }
                    Err(f) => self.fail(f),
                }
            }
            Message::View(m) => {
                let Some(v) = &mut self.viewer else {
                    return Task::none();
                };
                let (task, event) = v.update(m);
                let id = v.opened.id;
                let task = task.map(Message::View);
                let Some(event) = event else {
                    return task;
                };
                let then = self.viewer_event(&data, id, event);
                return Task::batch([task, then]);
            }
            Message::Export(e) => {
                let lang = self.lang;
                match e {
                    export::ExportEvent::Progress(p) => {
                        self.export_status = Some(sigillo::i18n::tr_args(
                            lang,
                            "gui-export-progress",
                            &[
                                ("done", sigillo::i18n::num(p.done)),
                                ("total", sigillo::i18n::num(p.total)),
                            ],
                        ))
                    }
                    export::ExportEvent::Done(r) => {
                        self.export_cancel = None;
                        let line = match &r {
                            Ok(path) => sigillo::i18n::tr_args(
                                lang,
                                "gui-export-done",
                                &[("path", sigillo::i18n::arg(path.display().to_string()))],
                            ),
                            Err(e) => sigillo::i18n::tr_args(
                                lang,
                                "gui-export-failed",
                                &[("reason", sigillo::i18n::arg(e))],
                            ),
                        };
                        self.export_status = Some(line.clone());
                        self.notice = Some(files::Notice {
                            text: line,
                            folder: r.ok().and_then(|p| p.parent().map(|f| f.to_owned())),
                        });
                    }
                }
            }
            Message::Timeline(m) => match self.timeline.update(m, &data, self.policy()) {
                (task, None) => return task.map(Message::Timeline),
                (_, Some(timeline::Event::Open(id))) => {
                    self.screen = Screen::Mailbox;
                    self.mailbox.selected = Some(id);
                    return self.open(id, &data);
                }
                (_, Some(timeline::Event::Print(id))) => {
                    return self.start_print(id, sigillo::export::print::PrintWhat::Timeline);
                }
                (_, Some(timeline::Event::Export(id))) => {
                    let task = self.start_export(&data, id);
                    self.screen = Screen::Mailbox;
                    self.mailbox.selected = Some(id);
                    return Task::batch([task, self.open(id, &data)]);
                }
                (_, Some(timeline::Event::Failed(f))) => self.fail(f),
            },
            Message::Compose(m) => {
                let (task, event) =
                    self.compose
                        .update(m, self.lang, data.profile(), self.accounts.list());
                if let Some(compose::Event::PickFiles) = event {
                    return self.pick(files::Purpose::Attach);
                }
                if let Some(compose::Event::Send(draft)) = event {
                    if data.read_only().is_some() {
                        self.compose
                            .set_notice(tr(self.lang, "gui-read-only-refused"));
                    } else if self.demo {
                        self.compose
                            .set_notice(tr(self.lang, "gui-compose-demo-no-send"));
                    } else {
                        match self.accounts.send(data.profile(), &draft, self.lang) {
                            Ok(stream) => {
                                self.compose.sending = true;
                                return Task::run(stream, Message::Send);
                            }
                            Err(note) => self.compose.set_notice(note),
                        }
                    }
                }
                return task.map(Message::Compose);
            }
            Message::Settings(m) => {
                let (task, event) = self.settings_screen.update(m, &mut self.settings, &data);
                match event {
                    Some(settings::Event::Changed) => self.lang = self.settings.lang(),
                    Some(settings::Event::TrustChanged) => {
                        if let Err(f) = data.reload_trust() {
                            self.fail(f);
                        }
                        let trust = data.trust();
                        let d = data.clone();
                        return Task::batch([
                            task.map(Message::Settings),
                            Task::perform(
                                async move {
                                    d.with_store(move |s| {
                                        s.verify_all_again(&trust, chrono::Utc::now())
                                    })
                                    .await
                                },
                                Message::Reverified,
                            ),
                        ]);
                    }
                    Some(settings::Event::Failed(f)) => self.fail(f),
                    Some(settings::Event::PickAnchor) => {
                        return self.pick(files::Purpose::TrustAnchor);
                    }
                    Some(settings::Event::Pop3Rule(id, days)) => {
                        let notice = match self.accounts.set_pop3_rule(&id, days, self.lang) {
                            Ok(()) => sigillo::i18n::tr_args(
                                self.lang,
                                "gui-settings-pop3-saved",
                                &[("account", sigillo::i18n::arg(id))],
                            ),
                            Err(e) => e,
                        };
                        self.settings_screen.set_notice(notice);
                    }
                    None => {}
                }
                return task.map(Message::Settings);
            }
            Message::Reverified(Ok(_)) => {
                let mut tasks = vec![self.mailbox.refresh(&data).map(Message::Mailbox)];
                if let Some(v) = &self.viewer {
                    tasks.push(self.open(v.opened.id, &data));
                }
                return Task::batch(tasks);
            }
            Message::Reverified(Err(f)) => self.fail(f),
            Message::DeleteAsked(Ok((id, proof))) => {
                if proof.is_empty() {
                    return self.delete_message(&data, id);
                }
                if let Some(v) = self.viewer.as_mut().filter(|v| v.opened.id == id) {
                    v.ask_delete(proof);
                }
            }
            Message::DeleteAsked(Err(f)) | Message::Deleted(Err(f)) => self.fail(f),
            Message::DeleteDue(id) => {
                if self.mailbox.pending_delete == Some(id) {
                    self.mailbox.pending_delete = None;
                    return self.delete_now(&data, id);
                }
            }
            Message::UndoDelete => self.mailbox.pending_delete = None,
            Message::Deleted(Ok(id)) => {
                if self.viewer.as_ref().is_some_and(|v| v.opened.id == id) {
                    self.viewer = None;
                }
                return Task::batch([
                    self.mailbox.refresh_in_place(&data).map(Message::Mailbox),
                    self.timeline
                        .refresh(&data, self.policy())
                        .map(Message::Timeline),
                ]);
            }
            Message::Archive(m) => {
                return self
                    .archive
                    .update(m, self.lang, data.profile(), data.trust())
                    .map(Message::Archive);
            }
            Message::Wizard(m) => {
                let (task, event) = self.wizard.update(m, self.lang);
                if let Some(wizard::Event::Save(account, secret)) = event {
                    if data.read_only().is_some() {
                        self.wizard
                            .set_notice(tr(self.lang, "gui-read-only-refused"));
                        return task.map(Message::Wizard);
                    }
                    match self.accounts.add(*account, secret, self.lang) {
                        Ok(note) => {
                            self.wizard = wizard::Wizard::default();
                            if let Some(n) = note {
                                self.wizard.set_notice(n);
                            }
                            return self.leave_demo();
                        }
                        Err(e) => self.wizard.set_notice(e),
                    }
                }
                return task.map(Message::Wizard);
            }
            Message::AccountsPanel(m) => return self.accounts_panel_message(m, &data),
            Message::Key(s) => return self.on_shortcut(s, &data),
            Message::Pick(purpose) => return self.pick(purpose),
            Message::Picked(purpose, paths, native) => {
                return self.picked(purpose, paths, native);
            }
            Message::Chooser(m) => return self.chooser_message(m),
            Message::Dropped(path) => return self.dropped(path),
            Message::Imported(r) => return self.imported(&r),
            Message::Printed(r) => self.printed(r),
            Message::ImportMenu => self.import_menu = !self.import_menu,
            Message::OpenFolder(folder) => {
                // Off the UI thread: the system's opener is waited for (up to a few seconds).
                let lang = self.lang;
                return Task::perform(
                    async move {
                        tokio::task::spawn_blocking(move || files::open_folder(&folder, lang))
                            .await
                            .unwrap_or_else(|e| Err(e.to_string()))
                    },
                    Message::FolderOpened,
                );
            }
            Message::FolderOpened(Ok(())) => {}
            Message::FolderOpened(Err(e)) => {
                self.notice = Some(files::Notice {
                    text: e,
                    folder: None,
                });
            }
            Message::DismissNotice => self.notice = None,
            Message::PaneResized(event) => {
                let (folders, list) = layout::resize(&mut self.panes, event);
                self.settings.folders_ratio = folders;
                self.settings.list_ratio = list;
                let _ = self.settings.save(data.profile());
            }
            Message::ToggleHelp => self.help = !self.help,
            Message::NotificationClicked(Some(id)) => {
                self.screen = Screen::Mailbox;
                self.mailbox.selected = Some(id);
                return Task::batch([
                    self.open(id, &data),
                    iced::window::latest().and_then(iced::window::gain_focus::<Message>),
                ]);
            }
            Message::NotificationClicked(None) => {}
            Message::Sync(event) => {
                let notice = if self.demo {
                    None
                } else {
                    self.accounts.notification(&event, self.lang)
                };
                let notified = match notice {
                    Some((summary, body, id)) => Task::perform(
                        notify::show(summary, body, id, tr(self.lang, "gui-notify-open")),
                        Message::NotificationClicked,
                    ),
                    None => Task::none(),
                };
                let refresh = self.accounts.on_event(&event, self.lang);
                if !refresh {
                    return notified;
                }
                {
                    let mut tasks = vec![
                        notified,
                        self.mailbox.refresh(&data).map(Message::Mailbox),
                        self.timeline
                            .refresh(&data, self.policy())
                            .map(Message::Timeline),
                    ];
                    if let sigillo::net::sync::SyncEvent::Finished { account, .. } = &event
                        && let Some(check) = self.accounts.health_check(account)
                    {
                        tasks.push(Task::perform(check, |(id, u)| Message::Health(id, u)));
                    }
                    return Task::batch(tasks);
                }
            }
            Message::Health(id, usage) => self.accounts.set_health(id, usage),
            Message::SyncNow if data.read_only().is_some() => self.fail(Failure::ReadOnly),
            Message::SyncNow => self.accounts.wake_all(),
            Message::Send(p) => match p {
                sigillo::net::send::SendProgress::Event(e) => self
                    .compose
                    .set_notice(sigillo::net::text::send_event_text(self.lang, &e)),
                sigillo::net::send::SendProgress::Done(result) => {
                    self.compose.sending = false;
                    match result {
                        Ok(_) => {
                            // A sent draft is no longer a draft.
                            let _ = sigillo::net::compose::Drafts::new(data.profile())
                                .delete(&self.compose.draft.id);
                            self.compose = compose::ComposeScreen::default();
                            self.compose.set_notice(tr(self.lang, "gui-compose-sent"));
                            self.accounts.wake_all();
                            self.screen = Screen::Timeline;
                            return Task::batch([
                                self.mailbox.refresh(&data).map(Message::Mailbox),
                                self.timeline
                                    .refresh(&data, self.policy())
                                    .map(Message::Timeline),
                            ]);
                        }
                        Err(e) => self
                            .compose
                            .set_notice(sigillo::net::text::send_error_text(self.lang, &e)),
                    }
                }
            },
            Message::ToggleErrorDetails => self.error_details = !self.error_details,
            Message::DismissError => self.error = None,
            Message::Frame(at) => return self.frame(at, &data),
        }
        Task::none()
    }

    /// The accounts section: the panel collects, the accounts do the work.
    fn accounts_panel_message(
        &mut self,
        m: account_settings::Message,
        data: &Data,
    ) -> Task<Message> {
        use account_settings::{Event as E, Message as P};
        let lang = self.lang;
        let Some(event) = self.accounts_panel.update(m, &self.accounts, lang) else {
            return Task::none();
        };
        match event {
            E::Test(account, typed) => {
                let id = account.id.clone();
                let Some(password) = typed.or_else(|| self.accounts.password(&id)) else {
                    self.accounts_panel.test_not_run(&id);
                    self.accounts_panel
                        .set_notice(tr(lang, "gui-accounts-test-needs-password"));
                    return Task::none();
                };
                Task::perform(
                    async move {
                        Arc::new(
                            sigillo::net::check::check_account(
                                &account,
                                &password,
                                sigillo::net::tls::Timeouts::default(),
                            )
                            .await,
                        )
                    },
                    move |r| Message::AccountsPanel(P::Tested(id.clone(), r)),
                )
            }
            E::Save(account, password) => {
                let id = account.id.clone();
                if let Err(e) = self.accounts.update_account(*account, lang) {
                    self.accounts_panel.set_notice(e);
                    return Task::none();
                }
                let mut notice = sigillo::i18n::tr_args(
                    lang,
                    "gui-accounts-saved",
                    &[("account", sigillo::i18n::arg(&id))],
                );
                if let Some(pw) = password {
                    match self.accounts.set_password(&id, pw, lang) {
                        Ok(None) => {}
                        Ok(Some(note)) => notice = format!("{notice} {note}"),
                        Err(e) => notice = e,
                    }
                }
                if self.accounts_panel.editing() == Some(id.as_str()) {
                    self.accounts_panel.close_form();
                }
                self.accounts_panel.set_notice(notice);
                Task::none()
            }
            E::CountForRemoval(id) => {
                let d = data.clone();
                let q = sigillo::store::ListQuery {
                    account: Some(id.clone()),
                    ..sigillo::store::ListQuery::default()
                };
                Task::perform(
                    async move { d.with_store(move |s| s.count(&q)).await },
                    move |r| Message::AccountsPanel(P::RemoveCounted(id.clone(), r.unwrap_or(0))),
                )
            }
            E::Remove(id) => match self.accounts.remove(&id, lang) {
                Ok(note) => {
                    self.accounts_panel.removed(&id);
                    let mut notice = sigillo::i18n::tr_args(
                        lang,
                        "gui-accounts-removed",
                        &[("account", sigillo::i18n::arg(&id))],
                    );
                    if let Some(n) = note {
                        notice = format!("{notice} {n}");
                    }
                    self.accounts_panel.set_notice(notice);
                    let d = data.clone();
                    let forget = id.clone();
                    Task::batch([
                        Task::perform(
                            async move { d.with_store(move |s| s.forget_sync_state(&forget)).await },
                            |_| Message::Settled,
                        ),
                        self.mailbox.refresh_folders(data).map(Message::Mailbox),
                    ])
                }
                Err(e) => {
                    self.accounts_panel.set_notice(e);
                    Task::none()
                }
            },
            E::SyncNow(id) => {
                self.accounts.sync_now(&id);
                Task::none()
            }
            E::Add => {
                self.screen = Screen::Wizard;
                Task::none()
            }
        }
    }

    /// The configured accounts for the folder column, with what went wrong for failing ones.
    fn account_marks(&self) -> Vec<mailbox::AccountMark> {
        let lang = self.lang;
        self.accounts
            .list()
            .iter()
            .map(|a| {
                let s = self.accounts.status(&a.id);
                mailbox::AccountMark {
                    id: a.id.clone(),
                    problem: s
                        .failing()
                        .then(|| sigillo::net::text::account_phase_text(lang, &s)),
                }
            })
            .collect()
    }

    /// Exports the dossier of message `id` into the documents folder.
    fn start_export(&mut self, data: &Data, id: i64) -> Task<Message> {
        match export::default_dir() {
            Some(dir) => self.start_export_into(data, id, dir),
            None => {
                self.export_status = Some(sigillo::i18n::tr_args(
                    self.lang,
                    "gui-export-failed",
                    &[(
                        "reason",
                        sigillo::i18n::arg(tr(self.lang, "gui-files-no-documents")),
                    )],
                ));
                Task::none()
            }
        }
    }

    /// What the message view asks of the app for message `id`: the things that need the
    /// store, the file dialogs or another screen.
    fn viewer_event(&mut self, data: &Data, id: i64, event: message_view::Event) -> Task<Message> {
        use message_view::Event as E;
        match event {
            E::Export { choose: true } => self.pick(files::Purpose::ExportTo(id)),
            E::Export { choose: false } => self.start_export(data, id),
            E::CancelExport => {
                if let Some(c) = &self.export_cancel {
                    c.store(true, std::sync::atomic::Ordering::Relaxed);
                }
                Task::none()
            }
            E::Save(index) => {
                let name = self.attachment_name(index);
                self.pick(files::Purpose::SaveAttachment(index, name))
            }
            E::SaveDocument(index) => {
                let name = (self.viewer.as_ref())
                    .and_then(|v| v.opened.document(index).ok())
                    .map(|d| d.file_name)
                    .unwrap_or_default();
                self.pick(files::Purpose::SaveDocument(index, name))
            }
            E::Reply(kind) => self.reply(kind),
            E::Print => self.print_message(),
            E::OpenOther(other) => {
                self.mailbox.selected = Some(other);
                self.open(other, data)
            }
            E::Delete => self.ask_delete(data, id),
            E::ConfirmDelete => self.delete_message(data, id),
        }
    }

    /// The name attachment `index` of the message shown will be saved under, as suggested.
    fn attachment_name(&self, index: usize) -> String {
        (self.viewer.as_ref())
            .and_then(|v| {
                v.opened
                    .attachments()
                    .into_iter()
                    .find(|a| a.index == index)
            })
            .map(|a| a.file_name)
            .unwrap_or_else(|| format!("allegato-{}", index + 1))
    }

    /// Exports the dossier of message `id` into `folder`, named after the message.
    fn start_export_into(&mut self, data: &Data, id: i64, folder: PathBuf) -> Task<Message> {
        if self.export_cancel.is_some() {
            return Task::none();
        }
        let cancel = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        self.export_cancel = Some(cancel.clone());
        self.export_status = Some(tr(self.lang, "gui-export-starting"));
        Task::run(
            export::start(
                data.profile().to_owned(),
                data.trust(),
                id,
                self.lang,
                self.policy(),
                folder,
                cancel,
            ),
            Message::Export,
        )
    }

    /// Asks the store what deleting message `id` would take away; a message that proves
    /// something is deleted only once the user was told what proof goes, any other at once.
    pub(super) fn ask_delete(&mut self, data: &Data, id: i64) -> Task<Message> {
        let lang = self.lang;
        let data = data.clone();
        Task::perform(
            async move {
                data.with_store(move |s| s.proof_at_stake(id))
                    .await
                    .map(|stake| {
                        let lines: Vec<String> = stake
                            .items
                            .iter()
                            .map(|p| sigillo::export::text::proof_item_text(lang, p))
                            .collect();
                        (id, lines)
                    })
            },
            Message::DeleteAsked,
        )
    }

    /// Deletes message `id` after [`UNDO_DELETE`]: until then its row says so and offers to
    /// keep it (a deletion already waiting is carried out now). Closing the window before the
    /// time runs out keeps the message.
    fn delete_message(&mut self, data: &Data, id: i64) -> Task<Message> {
        if data.read_only().is_some() {
            self.notice = None;
            self.fail(Failure::ReadOnly);
            return Task::none();
        }
        let earlier = match self.mailbox.pending_delete.replace(id) {
            Some(other) if other != id => self.delete_now(data, other),
            _ => Task::none(),
        };
        if self.viewer.as_ref().is_some_and(|v| v.opened.id == id) {
            self.viewer = None;
        }
        Task::batch([
            earlier,
            Task::perform(
                async move { tokio::time::sleep(UNDO_DELETE).await },
                move |_| Message::DeleteDue(id),
            ),
        ])
    }

    /// Deletes message `id` from the store now (recorded in the register with the proof it
    /// took away).
    fn delete_now(&mut self, data: &Data, id: i64) -> Task<Message> {
        let d = data.clone();
        Task::perform(
            async move {
                d.with_store(move |s| s.delete_message(id).map(|_| id))
                    .await
            },
            Message::Deleted,
        )
    }

    /// After the first account is added: leave the demo for the real profile.
    fn leave_demo(&mut self) -> Task<Message> {
        if !self.demo {
            return Task::none();
        }
        let Some(dir) = sigillo::profile::resolve(self.profile_option.as_deref()) else {
            return Task::none();
        };
        match Data::open(&dir) {
            Ok(d) => {
                self.demo = false;
                self.settings = Settings::load(&dir);
                self.data = Some(d.clone());
                self.viewer = None;
                self.mailbox = mailbox::Mailbox::default();
                self.screen = Screen::Mailbox;
                Task::batch([
                    self.mailbox.refresh(&d).map(Message::Mailbox),
                    self.timeline
                        .refresh(&d, self.policy())
                        .map(Message::Timeline),
                ])
            }
            Err(f) => {
                self.fail(f);
                Task::none()
            }
        }
    }

    fn open(&mut self, id: i64, data: &Data) -> Task<Message> {
        self.loading_message = true;
        message_view::load(data, id, self.lang, self.policy()).map(|r| Message::Opened(Box::new(r)))
    }

    /// A frame was drawn at `at`: for the benchmark, once it showed the rows in sight all
    /// loaded, say so (and quit, or take the next scroll step).
    fn frame(&mut self, at: Instant, data: &Data) -> Task<Message> {
        let Some(bench) = self.bench else {
            return Task::none();
        };
        // The frame drawn at `at` came from the newest view, built at or after `seen`.
        if self.rows_seen.get().is_none_or(|seen| seen > at) {
            return Task::none();
        }
        let Some(run) = &mut self.scroll else {
            println!("rows drawn after {} ms", self.started.elapsed().as_millis());
            if bench == Bench::RowsDrawn {
                self.bench = None;
                return iced::exit();
            }
            self.scroll = Some(ScrollRun {
                started: Instant::now(),
                row: 0,
            });
            return self.scroll_step(data);
        };
        let total = self.mailbox.total();
        if run.row + self.mailbox.visible_rows() >= total {
            println!(
                "scrolled {total} rows in {} ms",
                run.started.elapsed().as_millis()
            );
            self.bench = None;
            return iced::exit();
        }
        self.scroll_step(data)
    }

    /// The benchmark's next scroll step: one page further down, as a user's scroll does.
    fn scroll_step(&mut self, data: &Data) -> Task<Message> {
        let Some(run) = &mut self.scroll else {
            return Task::none();
        };
        let last_top = self
            .mailbox
            .total()
            .saturating_sub(self.mailbox.visible_rows());
        run.row = (run.row + mailbox::PAGE).min(last_top);
        self.rows_seen.set(None);
        self.mailbox
            .scroll_to_row(run.row, data)
            .map(Message::Mailbox)
    }

    /// The whole window.
    pub fn view(&self) -> Element<'_, Message> {
        let lang = self.lang;
        if self.bench.is_some() && self.rows_seen.get().is_none() {
            let expected = self.scroll.map_or(0, |s| s.row);
            if self.mailbox.rows_loaded_at(expected) {
                self.rows_seen.set(Some(Instant::now()));
            }
        }
        let tab = |label: &str, s: Screen| {
            let selected = self.screen == s;
            let b = button(text(tr(lang, label)).size(14))
                .padding([6, 14])
                .style(style::tab(selected));
            if selected {
                b
            } else {
                b.on_press(Message::Navigate(s))
            }
        };
        // The title and tabs on the left, the actions on the right. In a narrow window the
        // tabs wrap onto a second line instead of pushing the actions out of the window.
        let nav = row![
            text("Sigillo").size(22),
            tab("gui-tab-mailbox", Screen::Mailbox),
            tab("gui-tab-timeline", Screen::Timeline),
            tab("gui-tab-compose", Screen::Compose),
            tab("gui-tab-settings", Screen::Settings),
        ]
        .spacing(10)
        .width(Length::Fill)
        .align_y(Alignment::Center)
        .wrap()
        .vertical_spacing(6);
        let mut actions = row![].spacing(10).align_y(Alignment::Center);
        if self.demo {
            actions = actions.push(
                container(text(tr(lang, "gui-demo-marker")).size(13))
                    .padding([4, 10])
                    .style(style::pill(style::kind_color(
                        sigillo::pec::PecKind::Anomalia,
                    ))),
            );
        } else {
            if !self.accounts.list().is_empty() {
                actions = actions.push(
                    button(text(tr(lang, "gui-sync-now")).size(12))
                        .style(button::secondary)
                        .on_press(Message::SyncNow),
                );
            }
            actions = actions.push(
                button(text(tr(lang, "gui-import")).size(12))
                    .style(button::secondary)
                    .on_press(Message::ImportMenu),
            );
        }
        if self.demo || self.accounts.list().is_empty() {
            actions = actions.push(
                button(text(tr(lang, "gui-add-account")).size(12))
                    .style(button::success)
                    .on_press(Message::Navigate(Screen::Wizard)),
            );
        }
        actions = actions.push(
            button(text("?").size(13))
                .style(button::secondary)
                .on_press(Message::ToggleHelp),
        );
        let top = row![nav, actions.wrap().vertical_spacing(6)]
            .spacing(10)
            .align_y(Alignment::Center);
        let mut page = column![container(top).padding([8, 12])].spacing(0);
        if self.import_menu {
            page = page.push(files::import_menu(lang));
        }
        if self.demo && self.screen == Screen::Mailbox {
            page = page
                .push(container(text(tr(lang, "gui-demo-explained")).size(12)).padding([0, 12]));
        }
        if let Some(why) = self.data.as_ref().and_then(Data::read_only) {
            let (key, detail) = match why {
                sigillo::store::ReadOnly::Media => ("gui-read-only-banner", String::new()),
                sigillo::store::ReadOnly::Damaged(d) => ("gui-damaged-banner", d.clone()),
            };
            let color = style::status_color(sigillo::verify::Status::Untrusted);
            page = page.push(
                container(
                    text(sigillo::i18n::tr_args(
                        lang,
                        key,
                        &[("detail", sigillo::i18n::arg(detail))],
                    ))
                    .size(13)
                    .color(color),
                )
                .padding(8)
                .width(Length::Fill)
                .style(style::banner(color)),
            );
        }
        for (level, warning) in self.accounts.health_warnings(lang) {
            let color = if level == sigillo::net::health::Level::Critical {
                style::status_color(sigillo::verify::Status::Tampered)
            } else {
                style::status_color(sigillo::verify::Status::Untrusted)
            };
            page = page.push(
                container(
                    column![
                        text(warning).size(13).color(color),
                        text(tr(lang, "gui-quota-explained")).size(12),
                    ]
                    .spacing(2),
                )
                .padding(8)
                .width(Length::Fill)
                .style(style::banner(color)),
            );
        }
        if let Some(e) = &self.error {
            // Details in the user's words (a full disk and where, a damaged store and what to
            // do…); no "details" button when the summary says all.
            let details = e.details(lang, self.data.as_ref().map(Data::profile));
            let mut line = row![text(tr(lang, e.summary_key())).size(13).width(Length::Fill)]
                .spacing(8)
                .align_y(Alignment::Center);
            if details.is_some() {
                line = line.push(
                    button(text(tr(lang, "gui-error-details")).size(12))
                        .style(button::text)
                        .on_press(Message::ToggleErrorDetails),
                );
            }
            line = line.push(
                button(text(tr(lang, "gui-error-dismiss")).size(12))
                    .style(button::text)
                    .on_press(Message::DismissError),
            );
            if let Some(d) = details.filter(|_| self.error_details) {
                line = line.push(text(d).size(11));
            }
            page = page.push(
                container(line)
                    .padding(8)
                    .style(style::banner(style::status_color(
                        sigillo::verify::Status::Tampered,
                    ))),
            );
        }
        if let Some(n) = &self.notice {
            page = page.push(files::notice_bar(lang, n));
        }
        page = page.push(rule::horizontal(1));
        let Some(data) = &self.data else {
            return page.into();
        };
        let body: Element<'_, Message> = match self.screen {
            Screen::Mailbox => {
                let right: Element<'_, Message> = match &self.viewer {
                    Some(v) => v
                        .view_with(
                            lang,
                            self.export_status.as_deref(),
                            self.export_cancel.is_some(),
                        )
                        .map(Message::View),
                    None => container(text(tr(
                        lang,
                        if self.loading_message {
                            "gui-loading"
                        } else {
                            "gui-select-message"
                        },
                    )))
                    .padding(20)
                    .into(),
                };
                let marks = self.account_marks();
                // The pane grid asks for each pane once; the reader's element moves out then.
                let right = std::cell::RefCell::new(Some(right));
                iced::widget::pane_grid(&self.panes, move |_, pane, _| {
                    let content: Element<'_, Message> = match pane {
                        layout::Pane::Folders => {
                            self.mailbox.sidebar(lang, &marks).map(Message::Mailbox)
                        }
                        layout::Pane::List => column![
                            self.mailbox.toolbar(lang).map(Message::Mailbox),
                            self.mailbox.list(lang).map(Message::Mailbox),
                        ]
                        .into(),
                        layout::Pane::Reader => {
                            right.borrow_mut().take().unwrap_or_else(|| text("").into())
                        }
                    };
                    iced::widget::pane_grid::Content::new(content).style(style::pane)
                })
                .spacing(6)
                .on_resize(8, Message::PaneResized)
                .height(Length::Fill)
                .into()
            }
            Screen::Timeline => self.timeline.view(lang).map(Message::Timeline),
            Screen::Compose => self
                .compose
                .view(lang, data.profile(), self.accounts.list())
                .map(Message::Compose),
            Screen::Settings => iced::widget::scrollable(column![
                container(
                    self.accounts_panel
                        .view(
                            lang,
                            &self.accounts,
                            &self.mailbox.account_counts(),
                            self.accounts.keyring_unavailable(),
                        )
                        .map(Message::AccountsPanel)
                )
                .padding(16),
                self.settings_screen
                    .view(&self.settings, data, &self.accounts.pop3_rules())
                    .map(Message::Settings),
                self.archive.view(lang).map(Message::Archive),
            ])
            .height(Length::Fill)
            .into(),
            Screen::Wizard => self
                .wizard
                .view(lang, self.accounts.keyring_unavailable())
                .map(Message::Wizard),
        };
        page = page.push(container(body).height(Length::Fill));
        if !self.demo {
            page = page.push(self.status_area(lang));
        }
        let base: Element<'_, Message> = page.into();
        let modal = if let Some((_, chooser)) = &self.chooser {
            Some(chooser.view(lang).map(Message::Chooser))
        } else if self.help {
            Some(shortcuts::help_panel(lang))
        } else {
            None
        };
        match modal {
            Some(panel) => iced::widget::stack![
                base,
                iced::widget::opaque(container(panel).center(Length::Fill).style(style::backdrop))
            ]
            .into(),
            None => base,
        }
    }

    /// The status area: one line per account, so that one account's news never hides
    /// another's failure.
    fn status_area(&self, lang: Lang) -> Element<'_, Message> {
        let lines = self.accounts.status_lines(lang);
        let mut col = column![].spacing(1);
        for (_, line, failing) in lines {
            let t = text(widgets::ellipsize(&line, 180))
                .size(11)
                .wrapping(text::Wrapping::None);
            col = col.push(if failing {
                t.color(style::status_color(sigillo::verify::Status::Tampered))
            } else {
                t
            });
        }
        column![rule::horizontal(1), container(col).padding([3, 12])].into()
    }
}
