import BenchShared
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import Schema
import Wire

/// grpc-swift-2 (with grpc-swift-nio-transport) serving the bench methods on 127.0.0.1:PORT,
/// with our Wire codec as its message serializer: the same messages, another RPC stack.
@main
struct GRPCSwiftBenchServer {
    static func main() async throws {
        let port = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 50062 : 50062
        let transport = HTTP2ServerTransport.Posix(
            address: .ipv4(host: "127.0.0.1", port: port), transportSecurity: .plaintext)
        let server = GRPCServer(transport: transport, services: [BenchService()])
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { try await server.serve() }
            if let address = try await transport.listeningAddress.ipv4 {
                FileHandle.standardOutput.write(Data(("PORT \(address.port)" + "\n").utf8))
            }
        }
    }
}

/// Serializes any `WireMessage` with our codec.
struct WireSerializer<Message: WireMessage>: MessageSerializer, MessageDeserializer {
    func serialize<Bytes: GRPCContiguousBytes>(_ message: Message) throws -> Bytes {
        Bytes(message.wireBytes())
    }

    func deserialize<Bytes: GRPCContiguousBytes>(_ serializedMessageBytes: Bytes) throws -> Message {
        try serializedMessageBytes.withUnsafeBytes { try Message(wireBytes: Array($0)) }
    }
}

/// The bench service on grpc-swift-2's router.
struct BenchService: RegistrableRPCService {
    func registerMethods<Transport: ServerTransport>(with router: inout GRPCCore.RPCRouter<Transport>) {
        router.registerHandler(
            forMethod: GRPCCore.MethodDescriptor(fullyQualifiedService: BenchReplies.service, method: "Unary"),
            deserializer: WireSerializer<GetProgressRequest>(), serializer: WireSerializer<Schema.Progress>()
        ) { request, _ in
            let single = try await ServerRequest(stream: request)
            return StreamingServerResponse(single: ServerResponse(message: BenchReplies.progress(for: single.message)))
        }
        router.registerHandler(
            forMethod: GRPCCore.MethodDescriptor(fullyQualifiedService: BenchReplies.service, method: "Stream"),
            deserializer: WireSerializer<WatchRequest>(), serializer: WireSerializer<Schema.Progress>()
        ) { request, _ in
            let single = try await ServerRequest(stream: request)
            return StreamingServerResponse { writer in
                for _ in 0..<single.message.resumeAfterSequence { try await writer.write(BenchReplies.streamed) }
                return [:]
            }
        }
    }
}
