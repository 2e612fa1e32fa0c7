import NIOCore

/// Runs Swift tasks on a NIO event loop.
///
/// Handlers started with this executor preference run on their connection's event loop, so the
/// hops between handler code and stream state (each write, the final status) are calls on the same
/// thread instead of thread switches. Handlers must then not block: blocking work belongs on a
/// thread pool (`NIOThreadPool`), as anywhere on an event loop.
final class EventLoopTaskExecutor: TaskExecutor {
    let eventLoop: any EventLoop

    init(eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute {
            job.runSynchronously(on: self.asUnownedTaskExecutor())
        }
    }
}
