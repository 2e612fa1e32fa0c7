import Foundation
import NIOCore
import NIOHTTP1

/// Serves one HTTP/1.1 connection of the demo target: the target-API contract with injected faults.
final class DemoTargetHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private static let maxBody = 16 << 20

    private let configuration: DemoTargetConfiguration
    private let ledger: DemoTargetLedger
    private var head: HTTPRequestHead?
    private var body = ByteBuffer()
    private var bodyTooLarge = false

    init(configuration: DemoTargetConfiguration, ledger: DemoTargetLedger) {
        self.configuration = configuration
        self.ledger = ledger
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let requestHead):
            head = requestHead
            body.clear()
            bodyTooLarge = false
        case .body(var chunk):
            if body.readableBytes + chunk.readableBytes > Self.maxBody {
                bodyTooLarge = true
            } else {
                body.writeBuffer(&chunk)
            }
        case .end:
            guard let head else { return }
            self.head = nil
            handle(head, context: context)
        }
    }

    private func handle(_ head: HTTPRequestHead, context: ChannelHandlerContext) {
        if head.method == .GET, head.uri == "/stats" {
            let stats = (try? JSONEncoder().encode(ledger.stats)).map { Array($0) } ?? []
            respond(context, status: 200, body: stats)
            return
        }
        guard head.method == .POST else {
            respond(context, status: 405, body: Array(#"{"error":"POST a batch"}"#.utf8))
            return
        }
        if bodyTooLarge {
            respond(context, status: 413, body: Array(#"{"error":"body too large"}"#.utf8))
            return
        }
        if let token = configuration.requiredBearerToken, head.headers.first(name: "authorization") != "Bearer \(token)" {
            respond(context, status: 401, body: Array(#"{"error":"missing or wrong bearer token"}"#.utf8))
            return
        }
        let key = head.headers.first(name: "idempotency-key") ?? ""
        let (attempt, replay) = ledger.begin(key: key)
        if let replay {
            respond(context, status: replay.status, body: replay.body)
            return
        }
        switch key.isEmpty ? nil : configuration.fault(forKey: key) {
        case .unauthorized:
            respond(context, status: 401, body: Array(#"{"error":"unauthorized"}"#.utf8))
        case .notFound:
            respond(context, status: 404, body: Array(#"{"error":"no such endpoint"}"#.utf8))
        case .serverError:
            respond(context, status: 500, body: Array(#"{"error":"internal error"}"#.utf8))
        case .unavailableOnce where attempt == 1:
            respond(context, status: 503, body: Array(#"{"error":"try again"}"#.utf8))
        case .rateLimitOnce where attempt == 1:
            respond(
                context, status: 429, body: Array(#"{"error":"slow down"}"#.utf8),
                extraHeaders: [("retry-after", String(configuration.retryAfterSeconds))])
        case .dropOnce where attempt == 1:
            context.close(promise: nil)
        case .slowOnce where attempt == 1:
            let (status, reply) = apply(key: key)
            let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
            context.eventLoop.scheduleTask(in: configuration.slowDelay) {
                let (handler, context) = loopBound.value
                handler.respond(context, status: status, body: reply)
            }
        default:
            let (status, reply) = apply(key: key)
            respond(context, status: status, body: reply)
        }
    }

    /// Applies the batch's rows (rejecting some as configured) and returns the reply.
    private func apply(key: String) -> (Int, [UInt8]) {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any],
            let rows = object["rows"] as? [[String: Any]]
        else { return (400, Array(#"{"error":"body is not a JSON batch"}"#.utf8)) }
        let uploadID = object["upload_id"] as? String ?? ""
        var accepted: [Int] = []
        var results: [[String: Any]] = []
        for row in rows {
            guard let number = (row["_row"] as? NSNumber)?.intValue else { continue }
            if configuration.rejects(uploadID: uploadID, row: number) {
                results.append([
                    "row": number, "ok": false, "status": 422, "code": "DEMO_REJECTED",
                    "message": "the demo target rejects this row (fault injection)", "field": "_row",
                ])
            } else {
                accepted.append(number)
            }
        }
        let reply: [String: Any] = results.isEmpty ? ["accepted": accepted.count] : ["results": results]
        let bytes = (try? JSONSerialization.data(withJSONObject: reply)).map { Array($0) } ?? []
        ledger.apply(
            uploadID: uploadID, rows: accepted, rejected: results.count, key: key,
            reply: DemoTargetLedger.StoredReply(status: 200, body: bytes))
        return (200, bytes)
    }

    private func respond(
        _ context: ChannelHandlerContext, status: Int, body: [UInt8], extraHeaders: [(String, String)] = []
    ) {
        var headers = HTTPHeaders()
        headers.add(name: "content-type", value: "application/json")
        headers.add(name: "content-length", value: String(body.count))
        for (name, value) in extraHeaders { headers.add(name: name, value: value) }
        let head = HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: status), headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: body)))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }
}
