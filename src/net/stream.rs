//! Running a network job in a tokio task as a stream of events, for the desktop app (an iced
//! subscription or task): the job sends events down a channel; dropping the stream aborts it.

/// Stops the task it holds when dropped.
struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Spawns `run` with the sending half of a channel; the stream yields what it sends and ends
/// when it finishes. Needs a tokio runtime.
pub(crate) fn spawn_stream<T, F, Fut>(
    run: F,
) -> impl futures_util::Stream<Item = T> + Send + 'static
where
    T: Send + 'static,
    F: FnOnce(tokio::sync::mpsc::UnboundedSender<T>) -> Fut,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    let guard = AbortOnDrop(tokio::spawn(run(tx)));
    futures_util::stream::unfold((rx, guard), |(mut rx, guard)| async move {
        rx.recv().await.map(|e| (e, (rx, guard)))
    })
}
