//! The desktop app (iced, Elm style). Each screen owns its `Message`, `update` and `view`; this
//! root only routes messages and events between them (the Halloy pattern). Work on the store,
//! OpenSSL and the network runs in background tasks, never on the UI thread.
//!
//! A first run with no account opens the built-in demo mailbox, clearly marked as such.

mod compose;
mod data;
mod demo;
#[rustfmt::skip]
mod demo_files;
mod accounts;
mod export;
mod icon;
mod mailbox;
mod message_view;
mod notify;
mod settings;
mod style;
mod timeline;
mod widgets;
mod wizard;

#[cfg(test)]
mod tests;

use std::path::PathBuf;
use std::time::Instant;

use iced::widget::{button, column, container, row, rule, text};
use iced::{Alignment, Element, Length, Subscription, Task, Theme};

use sigillo::i18n::{Lang, tr};
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
    /// Mailbox screen.
    Mailbox(mailbox::Message),
    /// The message view.
    View(message_view::Message),
    /// A message finished loading.
    Opened(Box<Result<message_view::Opened, Failure>>),
    /// Timeline screen.
    Timeline(timeline::Message),
    /// Compose screen.
    Compose(compose::Message),
    /// Settings screen.
    Settings(settings::Message),
    /// Signatures were checked again after a trust change.
    Reverified(Result<usize, Failure>),
    /// Account wizard.
    Wizard(wizard::Message),
    /// A sync worker reported.
    Sync(sigillo::net::sync::SyncEvent),
    /// Sync every account now.
    SyncNow,
    /// A sending progressed.
    Send(sigillo::net::send::SendProgress),
    /// An export progressed.
    Export(export::ExportEvent),
    /// A mailbox reported how full it is.
    Health(String, Option<sigillo::account::health::Usage>),
    /// Show or hide error details.
    ToggleErrorDetails,
    /// Dismiss the error line.
    DismissError,
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
    export_status: Option<String>,
    export_cancel: Option<std::sync::Arc<std::sync::atomic::AtomicBool>>,
    error: Option<Failure>,
    error_details: bool,
    started: Instant,
    bench: Option<Bench>,
    /// When a view first showed the rows in sight all loaded (at the expected position of a
    /// benchmark scroll); set while building the view.
    rows_seen: std::cell::Cell<Option<Instant>>,
    scroll: Option<ScrollRun>,
    profile_option: Option<PathBuf>,
}

/// Runs the app until its window closes.
pub fn run(options: Options) -> iced::Result {
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
                error = Some(Failure {
                    summary_key: "gui-error-no-profile",
                    details: String::new(),
                });
                None
            }
        };
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
            export_status: None,
            export_cancel: None,
            error,
            error_details: false,
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
                app.compose.draft.to =
                    "anna.bianchi@pec.demo-beta.example, mario@posta.example.com".into();
                app.compose.draft.subject = "Diffida ad adempiere".into();
            }
            Some("settings") => app.screen = Screen::Settings,
            _ => {}
        }
        let mut tasks = vec![];
        if let Some(d) = app.data.clone() {
            tasks.push(app.mailbox.refresh(&d).map(Message::Mailbox));
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
        let mut subs = vec![];
        if self.bench.is_some() {
            subs.push(iced::window::frames().map(Message::Frame));
        }
        if let Some(data) = &self.data
            && !self.demo
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
                _ => Task::none(),
            };
        };
        match message {
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
                        let counts = if o.read_now {
                            // The IMAP workers tell the server now, on their open connection.
                            self.accounts.wake_for_read();
                            self.mailbox.mark_read(o.id);
                            self.mailbox.refresh_folders(&data).map(Message::Mailbox)
                        } else {
                            Task::none()
                        };
                        if self.mailbox.selected == Some(o.id) || self.viewer.is_none() {
                            self.viewer = Some(message_view::MessageView::new(o));
                        }
                        return counts;
                    }
                    Err(f) => self.fail(f),
                }
            }
            Message::View(message_view::Message::Export { choose }) => {
                if let Some(v) = &self.viewer {
                    return self.start_export(&data, v.opened.id, choose);
                }
            }
            Message::View(message_view::Message::CancelExport) => {
                if let Some(c) = &self.export_cancel {
                    c.store(true, std::sync::atomic::Ordering::Relaxed);
                }
            }
            Message::View(m) => {
                if let Some(v) = &mut self.viewer {
                    return v.update(m, self.lang).map(Message::View);
                }
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
                        self.export_status = Some(match r {
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
                        });
                    }
                    export::ExportEvent::Cancelled => {
                        self.export_cancel = None;
                        self.export_status = None;
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
                (_, Some(timeline::Event::Export(id))) => {
                    let task = self.start_export(&data, id, false);
                    self.screen = Screen::Mailbox;
                    self.mailbox.selected = Some(id);
                    return Task::batch([task, self.open(id, &data)]);
                }
                (_, Some(timeline::Event::Failed(f))) => self.fail(f),
            },
            Message::Compose(m) => {
                let (task, event) = self.compose.update(m, self.lang, data.profile());
                if let Some(compose::Event::Send(draft)) = event {
                    if self.demo {
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
            Message::Settings(settings::Message::SavePop3(id)) => {
                let typed = self
                    .settings_screen
                    .pop3_days
                    .get(&id)
                    .cloned()
                    .unwrap_or_default();
                let days = match typed.trim() {
                    "" => Ok(None),
                    t => t.parse::<u32>().map(Some).map_err(|_| ()),
                };
                let notice = match days {
                    Ok(days) => match self.accounts.set_pop3_rule(&id, days, self.lang) {
                        Ok(()) => sigillo::i18n::tr_args(
                            self.lang,
                            "gui-settings-pop3-saved",
                            &[("account", sigillo::i18n::arg(id))],
                        ),
                        Err(e) => e,
                    },
                    Err(()) => tr(self.lang, "gui-settings-hours-invalid"),
                };
                self.settings_screen.set_notice(notice);
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
                                        s.clear_verifications()?;
                                        s.verify_pending(&trust, chrono::Utc::now(), &mut |_, _| {})
                                    })
                                    .await
                                },
                                Message::Reverified,
                            ),
                        ]);
                    }
                    Some(settings::Event::Failed(f)) => self.fail(f),
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
            Message::Wizard(m) => {
                let (task, event) = self.wizard.update(m, self.lang);
                if let Some(wizard::Event::Save(account, secret)) = event {
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
            Message::Sync(event) => {
                let refresh = self.accounts.on_event(&event, self.lang);
                if refresh {
                    let mut tasks = vec![
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
            Message::SyncNow => self.accounts.wake_all(),
            Message::Send(p) => match p {
                sigillo::net::send::SendProgress::Event(e) => self
                    .compose
                    .set_notice(sigillo::i18n::send_event_text(self.lang, &e)),
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
                            .set_notice(sigillo::i18n::send_error_text(self.lang, &e)),
                    }
                }
            },
            Message::ToggleErrorDetails => self.error_details = !self.error_details,
            Message::DismissError => self.error = None,
            Message::Frame(at) => return self.frame(at, &data),
        }
        Task::none()
    }

    fn start_export(&mut self, data: &Data, id: i64, choose: bool) -> Task<Message> {
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
                choose,
                cancel,
            ),
            Message::Export,
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
        message_view::load(data, id, self.lang).map(|r| Message::Opened(Box::new(r)))
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
        let mut top = row![
            text("Sigillo").size(22),
            tab("gui-tab-mailbox", Screen::Mailbox),
            tab("gui-tab-timeline", Screen::Timeline),
            tab("gui-tab-compose", Screen::Compose),
            tab("gui-tab-settings", Screen::Settings),
        ]
        .spacing(10)
        .align_y(Alignment::Center);
        if !self.demo {
            top = top.push(iced::widget::Space::new().width(Length::Fill));
            if let Some(status) = self.accounts.status_line(lang) {
                top = top.push(text(status).size(12));
            }
            if !self.accounts.list().is_empty() {
                top = top.push(
                    button(text(tr(lang, "gui-sync-now")).size(12))
                        .style(button::secondary)
                        .on_press(Message::SyncNow),
                );
            }
            top = top.push(
                button(text(tr(lang, "gui-add-account")).size(12))
                    .style(button::text)
                    .on_press(Message::Navigate(Screen::Wizard)),
            );
        }
        if self.demo {
            top = top.push(iced::widget::Space::new().width(Length::Fill));
            top = top.push(
                container(text(tr(lang, "gui-demo-marker")).size(13))
                    .padding([4, 10])
                    .style(style::pill(style::kind_color(
                        sigillo::pec::PecKind::Anomalia,
                    ))),
            );
            top = top.push(
                button(text(tr(lang, "gui-add-account")))
                    .style(button::success)
                    .on_press(Message::Navigate(Screen::Wizard)),
            );
        }
        let mut page = column![container(top).padding([8, 12])].spacing(0);
        if self.demo && self.screen == Screen::Mailbox {
            page = page
                .push(container(text(tr(lang, "gui-demo-explained")).size(12)).padding([0, 12]));
        }
        for (level, warning) in self.accounts.health_warnings(lang) {
            let color = if level == sigillo::account::health::Level::Critical {
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
            let mut line = row![
                text(tr(lang, e.summary_key)).size(13).width(Length::Fill),
                button(text(tr(lang, "gui-error-details")).size(12))
                    .style(button::text)
                    .on_press(Message::ToggleErrorDetails),
                button(text(tr(lang, "gui-error-dismiss")).size(12))
                    .style(button::text)
                    .on_press(Message::DismissError),
            ]
            .spacing(8)
            .align_y(Alignment::Center);
            if self.error_details {
                line = line.push(text(e.details.clone()).size(11));
            }
            page = page.push(
                container(line)
                    .padding(8)
                    .style(style::banner(style::status_color(
                        sigillo::verify::Status::Tampered,
                    ))),
            );
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
                row![
                    container(self.mailbox.sidebar(lang).map(Message::Mailbox))
                        .width(Length::Fixed(200.0)),
                    rule::vertical(1),
                    column![
                        self.mailbox.toolbar(lang).map(Message::Mailbox),
                        self.mailbox.list(lang).map(Message::Mailbox),
                    ]
                    .width(Length::Fixed(420.0)),
                    rule::vertical(1),
                    container(right).width(Length::Fill),
                ]
                .height(Length::Fill)
                .into()
            }
            Screen::Timeline => self.timeline.view(lang).map(Message::Timeline),
            Screen::Compose => self
                .compose
                .view(lang, data.profile(), &self.accounts.senders())
                .map(Message::Compose),
            Screen::Settings => self
                .settings_screen
                .view(&self.settings, data, &self.accounts.pop3_rules())
                .map(Message::Settings),
            Screen::Wizard => self
                .wizard
                .view(lang, self.accounts.keyring_unavailable())
                .map(Message::Wizard),
        };
        page.push(body).into()
    }
}
