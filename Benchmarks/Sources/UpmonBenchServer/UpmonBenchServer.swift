import BenchShared
import Foundation
import Logging
import Schema
import Wire

/// Our RPC stack serving the bench methods on 127.0.0.1:PORT (first argument).
@main
struct UpmonBenchServer {
    static func main() async throws {
        let port = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 50061 : 50061
        var router = RPCRouter()
        router.registerUnary(MethodDescriptor(service: BenchReplies.service, method: "Unary", kind: .unary)) {
            (request: GetProgressRequest, _) in BenchReplies.progress(for: request)
        }
        router.registerServerStreaming(
            MethodDescriptor(service: BenchReplies.service, method: "Stream", kind: .serverStreaming)
        ) { (request: WatchRequest, writer: ResponseStreamWriter<Schema.Progress>, _) in
            for _ in 0..<request.resumeAfterSequence { try await writer.send(BenchReplies.streamed) }
        }
        var logger = Logger(label: "upmon-bench")
        logger.logLevel = .warning
        let server = RPCServer(router: router, logger: logger)
        let address = try await server.start(host: "127.0.0.1", port: port)
        FileHandle.standardOutput.write(Data(("PORT \(address.port!)" + "\n").utf8))
        try await server.run()
    }
}
