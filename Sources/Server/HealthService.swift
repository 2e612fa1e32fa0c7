import NIOConcurrencyHelpers
import Schema
import Wire

/// `grpc.health.v1.Health`: Check answers the current status of a service name ("" is the
/// whole server); Watch sends it at once and again on every change.
public final class HealthService: Sendable {
    public typealias Status = HealthCheckResponse.ServingStatus

    private struct State {
        var statuses: [String: Status] = [:]
        var watchers: [Int: (service: String, continuation: AsyncStream<Status>.Continuation)] = [:]
        var nextWatcherID = 0
    }

    private let state = NIOLockedValueBox(State())

    public init() {}

    /// Sets a service's status and notifies its watchers.
    public func setStatus(_ status: Status, for service: String) {
        let watchers = state.withLockedValue { state in
            state.statuses[service] = status
            return state.watchers.values.filter { $0.service == service }.map(\.continuation)
        }
        for watcher in watchers { watcher.yield(status) }
    }

    /// Ends every Watch call after it has seen the current status: a draining server must not be
    /// held open by subscribers that would otherwise wait forever.
    public func finishWatches() {
        let watchers = state.withLockedValue { state in
            defer { state.watchers = [:] }
            return state.watchers.values.map(\.continuation)
        }
        for watcher in watchers { watcher.finish() }
    }

    /// Adds Check and Watch to a router.
    public func register(into router: inout RPCRouter) {
        router.registerUnary(HealthMethods.check) { [self] (request: HealthCheckRequest, _) in
            guard let status = state.withLockedValue({ $0.statuses[request.service] }) else {
                throw RPCError(code: .notFound, message: "unknown service \(request.service)")
            }
            return HealthCheckResponse(status: status)
        }
        router.registerServerStreaming(HealthMethods.watch) {
            [self] (request: HealthCheckRequest, writer: ResponseStreamWriter<HealthCheckResponse>, _) in
            let (updates, continuation) = AsyncStream.makeStream(of: Status.self, bufferingPolicy: .bufferingNewest(1))
            let id = state.withLockedValue { state in
                let id = state.nextWatcherID
                state.nextWatcherID += 1
                state.watchers[id] = (request.service, continuation)
                continuation.yield(state.statuses[request.service] ?? .serviceUnknown)
                return id
            }
            defer { _ = state.withLockedValue { $0.watchers.removeValue(forKey: id) } }
            for await status in updates {
                try await writer.send(HealthCheckResponse(status: status))
            }
        }
    }
}
