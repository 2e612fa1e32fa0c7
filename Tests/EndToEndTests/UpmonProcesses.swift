import AsyncHTTPClient
import Client
import DemoTarget
import Foundation
import NIOCore

/// The `upmon` binary built by `swift build`.
let upmonBinary = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent(".build/debug/upmon").path

/// A child process running an `upmon` subcommand, with its first stdout line and a log file.
final class UpmonProcess: @unchecked Sendable {
    let process = Process()
    let logPath: String
    private(set) var port = 0

    /// Starts `upmon <arguments>` and waits for its "listening on host:port" line.
    init(_ arguments: [String], logPath: String) async throws {
        self.logPath = logPath
        process.executableURL = URL(fileURLWithPath: upmonBinary)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        FileManager.default.createFile(atPath: logPath, contents: nil)
        process.standardError = FileHandle(forWritingAtPath: logPath)
        try process.run()
        let line = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                var text = ""
                while !text.contains("\n") {
                    let chunk = output.fileHandleForReading.availableData
                    if chunk.isEmpty { break }
                    text += String(decoding: chunk, as: UTF8.self)
                }
                continuation.resume(returning: text)
            }
        }
        guard let portText = line.split(separator: ":").last?.trimmingCharacters(in: .whitespacesAndNewlines),
            let port = Int(portText)
        else { throw ProcessFailure(message: "\(arguments.first ?? "") did not start: \(line)") }
        self.port = port
    }

    /// SIGKILL, as a crash would.
    func kill() async {
        Foundation.kill(process.processIdentifier, SIGKILL)
        await waitForExit()
    }

    /// SIGTERM and wait.
    func stop() async {
        process.terminate()
        await waitForExit()
    }

    private func waitForExit() async {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                self.process.waitUntilExit()
                continuation.resume()
            }
        }
    }

    struct ProcessFailure: Error {
        let message: String
    }
}

/// Reads the demo target's `/stats`.
func demoTargetStats(port: Int, client: HTTPClient) async throws -> DemoTargetLedger.Stats {
    let response = try await client.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)/stats"), timeout: .seconds(5))
    let body = try await response.body.collect(upTo: 1 << 20)
    return try JSONDecoder().decode(DemoTargetLedger.Stats.self, from: Data(body.readableBytesView))
}

/// The upload did not get where a test waited for it to get in time.
struct UploadWaitTimedOut: Error {
    let last: Upload
}

func hasEnded(_ upload: Upload) -> Bool {
    [.completed, .completedWithErrors, .failed, .cancelled].contains(upload.phase)
}

/// Polls GetUpload until the upload has ended. The monitor's progress stream is a later feature;
/// until then the end of an upload can only be observed by asking. Gives up after `limit`.
func waitUntilEnded(_ client: UploadMonitorClient, _ uploadID: String, limit: Duration = .seconds(120)) async throws -> Upload {
    try await waitUntil(client, uploadID, limit: limit, hasEnded)
}

/// Polls GetUpload until `condition` holds for it, or the upload ended, or `limit` passed.
func waitUntil(
    _ client: UploadMonitorClient, _ uploadID: String, limit: Duration = .seconds(120), _ condition: (Upload) -> Bool
) async throws -> Upload {
    let deadline = ContinuousClock.now + limit
    while true {
        let upload = try await client.getUpload(GetUploadRequest(uploadID: uploadID))
        if condition(upload) || hasEnded(upload) { return upload }
        guard ContinuousClock.now < deadline else { throw UploadWaitTimedOut(last: upload) }
        try await Task.sleep(for: .milliseconds(20))
    }
}
