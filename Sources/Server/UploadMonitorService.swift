import Schema
import Wire

/// The `uploadmonitor.v1.UploadMonitor` service.
///
/// Methods whose feature has not been built yet answer UNIMPLEMENTED naming the method, so
/// clients can tell them from unknown methods.
struct UploadMonitorService: Sendable {
    let uploads: UploadHandlers

    /// Adds every method of the service to a router.
    func register(into router: inout RPCRouter) {
        for method in UploadMonitorMethods.allMethods {
            router.register(method) { _, _, _ in
                throw RPCError(
                    code: .unimplemented,
                    message: "\(method.service)/\(method.method) is not implemented by this server yet")
            }
        }
        router.registerClientStreaming(UploadMonitorMethods.startUpload, uploads.startUpload)
        router.registerUnary(UploadMonitorMethods.getUpload, uploads.getUpload)
        router.registerUnary(UploadMonitorMethods.listUploads, uploads.listUploads)
        router.registerUnary(UploadMonitorMethods.cancelUpload, uploads.cancelUpload)
    }
}
