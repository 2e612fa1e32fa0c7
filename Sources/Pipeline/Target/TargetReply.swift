import Foundation

/// How a 2xx reply's body is read: without a `results` array every row succeeded; with one, the
/// rows it lists with `ok: false` failed (API category, per row), the rest succeeded.
enum TargetReply {
    /// Per-row rejections in a 2xx body, by row number.
    static func rejections(in body: [UInt8], attempts: Int) -> [Int: TargetFailure] {
        guard !body.isEmpty,
            let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any],
            let results = object["results"] as? [[String: Any]]
        else { return [:] }
        var rejected: [Int: TargetFailure] = [:]
        for result in results {
            guard let row = (result["row"] as? NSNumber)?.intValue else { continue }
            if (result["ok"] as? Bool) == true { continue }
            let status = (result["status"] as? NSNumber)?.intValue ?? 422
            let code = (result["code"] as? String).flatMap { $0.isEmpty ? nil : $0 } ?? "ROW_REJECTED"
            let message = (result["message"] as? String) ?? "the target rejected the row"
            rejected[row] = TargetFailure(
                category: .api, code: code, message: "row \(row) rejected by the target (\(status)): \(message)",
                httpStatus: status, field: (result["field"] as? String) ?? "",
                retryable: RetryPolicy.isRetryable(status: status), attempts: attempts)
        }
        return rejected
    }
}
