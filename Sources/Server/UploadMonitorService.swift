import Schema
import Wire

/// The `uploadmonitor.v1.UploadMonitor` service.
///
/// The wire foundation serves the whole contract; methods whose feature has not been built yet
/// answer UNIMPLEMENTED naming the method, so clients can tell them from unknown methods.
public struct UploadMonitorService: Sendable {
    public init() {}

    /// Adds every method of the service to a router.
    public func register(into router: inout RPCRouter) {
        for method in UploadMonitorMethods.allMethods {
            router.register(method) { _, _, _ in
                throw RPCError(
                    code: .unimplemented,
                    message: "\(method.service)/\(method.method) is not implemented by this server yet")
            }
        }
    }
}
