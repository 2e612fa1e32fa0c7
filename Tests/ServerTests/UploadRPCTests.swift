import Client
import DemoTarget
import Foundation
import Testing

@Suite("Upload RPCs: StartUpload checks, GetUpload, ListUploads, CancelUpload")
struct UploadRPCTests {
    static let csv = Array("id,email\n1,a@b.io\n2,c@d.io\n".utf8)

    static func spec(url: String = "http://127.0.0.1:9/rows", type: FieldType = .string, column: String = "id") -> UploadSpec {
        UploadSpec(name: "t", target: TargetSpec(url: url), mapping: [FieldMapping(column: column, field: "id", type: type)])
    }

    private func start(_ client: UploadMonitorClient, _ chunks: [UploadChunk]) async throws -> Upload {
        try await client.startUpload { writer in
            for chunk in chunks { try await writer.send(chunk) }
        }
    }

    @Test("malformed upload streams are INVALID_ARGUMENT naming the problem", arguments: [
        ("data before the spec", [UploadChunk(part: .csvData(csv)), UploadChunk(part: .spec(spec()))], "before the spec"),
        ("a second spec", [UploadChunk(part: .spec(spec())), UploadChunk(part: .spec(spec()))], "second spec"),
        ("no CSV data", [UploadChunk(part: .spec(spec()))], "no CSV data"),
        ("no chunks at all", [], "no spec"),
        ("an unknown field type", [UploadChunk(part: .spec(spec(type: .unspecified))), UploadChunk(part: .csvData(csv))], "mapping[0].type"),
        ("a target URL that is not http(s)", [UploadChunk(part: .spec(spec(url: "ftp://x/y"))), UploadChunk(part: .csvData(csv))], "spec.target.url"),
        ("a mapped column the CSV lacks", [UploadChunk(part: .spec(spec(column: "nope"))), UploadChunk(part: .csvData(csv))], "column nope"),
        ("a header that is not CSV", [UploadChunk(part: .spec(spec())), UploadChunk(part: .csvData(Array("\"a\"b,c\n".utf8)))], "header row is malformed"),
    ] as [(String, [UploadChunk], String)])
    func invalidStreams(_ name: String, _ chunks: [UploadChunk], _ expected: String) async throws {
        let server = try await TestServer.start()
        let client = UploadMonitorClient(host: "127.0.0.1", port: server.port)
        let error = await #expect(throws: RPCError.self, "\(name)") { _ = try await start(client, chunks) }
        #expect(error?.code == .invalidArgument)
        #expect(error?.message.contains(expected) == true, "\(error?.message ?? "")")
        let list = try await client.listUploads(ListUploadsRequest())
        #expect(list.uploads.isEmpty, "a refused upload must leave nothing behind")
        await client.close()
        try await server.stop()
    }

    @Test("GetUpload and CancelUpload name unknown and missing IDs")
    func unknownIDs() async throws {
        let server = try await TestServer.start()
        let client = UploadMonitorClient(host: "127.0.0.1", port: server.port)
        let missing = await #expect(throws: RPCError.self) { _ = try await client.getUpload(GetUploadRequest()) }
        #expect(missing?.code == .invalidArgument && missing?.message == "upload_id is required")
        let unknown = await #expect(throws: RPCError.self) { _ = try await client.cancelUpload(CancelUploadRequest(uploadID: "upl_x")) }
        #expect(unknown?.code == .notFound)
        await client.close()
        try await server.stop()
    }

    @Test("ListUploads pages in creation order")
    func paging() async throws {
        let demo = DemoTargetServer(configuration: .none)
        let targetPort = try await demo.start(port: 0)
        let server = try await TestServer.start()
        let client = UploadMonitorClient(host: "127.0.0.1", port: server.port)
        var ids: [String] = []
        for _ in 0..<3 {
            let upload = try await start(client, [
                UploadChunk(part: .spec(Self.spec(url: "http://127.0.0.1:\(targetPort)/rows"))), UploadChunk(part: .csvData(Self.csv)),
            ])
            ids.append(upload.uploadID)
        }
        let first = try await client.listUploads(ListUploadsRequest(pageSize: 2))
        let second = try await client.listUploads(ListUploadsRequest(pageSize: 2, pageToken: first.nextPageToken))
        #expect(first.uploads.map(\.uploadID) + second.uploads.map(\.uploadID) == ids)
        #expect(second.nextPageToken.isEmpty)
        let bad = await #expect(throws: RPCError.self) { _ = try await client.listUploads(ListUploadsRequest(pageToken: "junk")) }
        #expect(bad?.code == .invalidArgument)
        await client.close()
        try await server.stop()
        await demo.stop()
    }

    @Test("crossing max_failed_rows stops the upload in PHASE_FAILED with the reason")
    func failureThreshold() async throws {
        let server = try await TestServer.start()
        let client = UploadMonitorClient(host: "127.0.0.1", port: server.port)
        var spec = Self.spec(type: .integer)
        spec.maxFailedRows = 1
        let upload = try await start(client, [
            UploadChunk(part: .spec(spec)), UploadChunk(part: .csvData(Array("id,email\nx,a\ny,b\nz,c\n".utf8))),
        ])
        let deadline = ContinuousClock.now + .seconds(60)
        var current = upload
        while current.phase != .failed, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
            current = try await client.getUpload(GetUploadRequest(uploadID: upload.uploadID))
        }
        #expect(current.phase == .failed)
        #expect(current.progress?.failedRows == 3)
        #expect(current.progress?.succeededRows == 0)
        await client.close()
        try await server.stop()
    }

    @Test("CancelUpload stops dispatch: PHASE_CANCELLED, rows not sent stay unprocessed")
    func cancel() async throws {
        var faults = DemoTargetConfiguration.none
        faults.slowOnceRate = 1
        faults.slowDelay = .seconds(2)
        let demo = DemoTargetServer(configuration: faults)
        let targetPort = try await demo.start(port: 0)
        let server = try await TestServer.start()
        let client = UploadMonitorClient(host: "127.0.0.1", port: server.port)
        var text = "id,email\n"
        for row in 1...500 { text += "\(row),u\(row)@x.io\n" }
        var spec = Self.spec(url: "http://127.0.0.1:\(targetPort)/rows")
        spec.target?.batchSize = 10
        spec.target?.concurrency = 1
        let upload = try await start(client, [UploadChunk(part: .spec(spec)), UploadChunk(part: .csvData(Array(text.utf8)))])
        // Each batch waits 2 s at the target, so the upload stays in UPLOADING for a long time.
        let deadline = ContinuousClock.now + .seconds(60)
        while try await client.getUpload(GetUploadRequest(uploadID: upload.uploadID)).phase != .uploading {
            guard ContinuousClock.now < deadline else { throw CancellationError() }
            try await Task.sleep(for: .milliseconds(10))
        }
        let cancelled = try await client.cancelUpload(CancelUploadRequest(uploadID: upload.uploadID))
        #expect(cancelled.phase == .cancelled)
        #expect((cancelled.progress?.processedRows ?? 0) < 500)
        #expect(cancelled.progress?.totalRows == 500)
        let again = await #expect(throws: RPCError.self) { _ = try await client.cancelUpload(CancelUploadRequest(uploadID: upload.uploadID)) }
        #expect(again?.code == .failedPrecondition)
        await client.close()
        try await server.stop()
        await demo.stop()
    }
}
