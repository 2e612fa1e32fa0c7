import Foundation

/// A generated CSV upload: `rows` data rows with id, email, age, name; every 97th row has an
/// invalid e-mail address (a VALIDATION failure).
struct GeneratedCSV {
    let rows: Int

    func isInvalid(_ row: Int) -> Bool { row % 97 == 0 }

    var text: String {
        var text = "id,email,age,name\n"
        text.reserveCapacity(rows * 40)
        for row in 1...rows {
            let email = isInvalid(row) ? "broken-\(row)" : "user\(row)@example.com"
            text += "\(row),\(email),\(20 + row % 50),\"Name, \(row)\"\n"
        }
        return text
    }

    /// The valid rows in file order, as the server batches them.
    var validRows: [Int] { (1...rows).filter { !isInvalid($0) } }
}
