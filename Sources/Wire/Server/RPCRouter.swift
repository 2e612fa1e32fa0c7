/// Serves one call at the byte level: reads serialized requests, writes serialized responses.
///
/// Returning ends the call with OK; throwing an `RPCError` ends it with that status and metadata;
/// any other error ends it with UNKNOWN.
public typealias RawRPCHandler = @Sendable (
    _ requests: MessageSequence, _ responses: ResponseWriter, _ context: ServerContext
) async throws -> Void

/// Maps `:path` to handlers. Services are registered as a whole so that an unknown method of a
/// known service and an unknown service get distinct UNIMPLEMENTED messages.
public struct RPCRouter: Sendable {
    struct Route: Sendable {
        let descriptor: MethodDescriptor
        let handler: RawRPCHandler
    }

    private var routes: [String: Route] = [:]
    private var services: Set<String> = []

    public init() {}

    /// Registers a handler for one method, replacing any earlier one.
    public mutating func register(_ descriptor: MethodDescriptor, handler: @escaping RawRPCHandler) {
        routes[descriptor.path] = Route(descriptor: descriptor, handler: handler)
        services.insert(descriptor.service)
    }

    /// Adds every route of another router.
    public mutating func merge(_ other: RPCRouter) {
        routes.merge(other.routes) { _, new in new }
        services.formUnion(other.services)
    }

    /// The route for a path, or the UNIMPLEMENTED status explaining why there is none.
    func route(for path: String) -> Result<Route, RPCError> {
        if let route = routes[path] { return .success(route) }
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        if parts.count == 3, parts[0].isEmpty, services.contains(String(parts[1])) {
            return .failure(
                RPCError(code: .unimplemented, message: "method \(parts[2]) is not implemented by service \(parts[1])"))
        }
        let service = parts.count >= 2 ? String(parts[1]) : path
        return .failure(RPCError(code: .unimplemented, message: "unknown service \(service)"))
    }
}
