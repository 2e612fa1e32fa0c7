import Foundation

/// A Python helper script run with the project's venv and generated stubs (set by `make test`
/// through UPMON_PYTHON and UPMON_PYGEN).
public final class PythonProcess: @unchecked Sendable {
    public let process = Process()
    private let stdinPipe = Pipe()
    private let stdoutPipe = Pipe()

    /// The Tests/Interop directory.
    public static var interopDirectory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Interop")
    }

    public init(script: String, arguments: [String]) throws {
        let environment = ProcessInfo.processInfo.environment
        let root = Self.interopDirectory.deletingLastPathComponent().deletingLastPathComponent()
        let python = environment["UPMON_PYTHON"] ?? root.appendingPathComponent(".venv/bin/python").path
        let generated = environment["UPMON_PYGEN"] ?? root.appendingPathComponent(".build/pygen").path
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [Self.interopDirectory.appendingPathComponent(script).path] + arguments
        var childEnvironment = environment
        childEnvironment["PYTHONPATH"] = "\(generated):\(Self.interopDirectory.path)"
        childEnvironment["PYTHONUNBUFFERED"] = "1"
        process.environment = childEnvironment
        process.standardInput = stdinPipe
        process.standardOutput = stdoutPipe
        try process.run()
    }

    /// Reads stdout line by line until a line starts with `prefix`; returns the rest of it.
    /// Blocking reads run on a dispatch thread, never on Swift's cooperative pool.
    public func waitForLine(prefix: String) async -> String? {
        await offPool { self.blockingWaitForLine(prefix: prefix) }
    }

    private func blockingWaitForLine(prefix: String) -> String? {
        var buffer = Data()
        let handle = stdoutPipe.fileHandleForReading
        while true {
            let chunk = handle.availableData
            if chunk.isEmpty { return nil }
            buffer.append(chunk)
            let text = String(decoding: buffer, as: UTF8.self)
            for line in text.split(separator: "\n") where line.hasPrefix(prefix) {
                return String(line.dropFirst(prefix.count))
            }
        }
    }

    /// Waits for exit; returns the exit status and everything printed on stdout.
    public func finish() async -> (status: Int32, output: String) {
        try? stdinPipe.fileHandleForWriting.close()
        return await offPool {
            let output = self.stdoutPipe.fileHandleForReading.readDataToEndOfFile()
            self.process.waitUntilExit()
            return (self.process.terminationStatus, String(decoding: output, as: UTF8.self))
        }
    }

    /// Closes stdin (servers stop on EOF) and waits for exit.
    public func stop() async {
        _ = await finish()
    }

    private func offPool<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: body()) }
        }
    }
}

/// This process's resident set size in bytes, from /proc/self/statm.
public func residentMemoryBytes() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
    let fields = text.split(separator: " ")
    guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
    return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
}
