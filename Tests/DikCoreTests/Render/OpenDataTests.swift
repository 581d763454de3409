import DikCore
import DikTestSupport
import Foundation
import SwiftCSV
import Testing

@Suite("Open data: dik.csv, dik-dibuka.csv and dik.json")
struct OpenDataTests {
    static let schemaURL = FixtureSite.themeFolder.deletingLastPathComponent().appendingPathComponent("docs/dik.schema.json")

    func table(_ bytes: [UInt8]) throws -> CSV<Named> {
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF], "UTF-8 byte order mark for spreadsheets")
        let text = try #require(String(bytes: bytes.dropFirst(3), encoding: .utf8))
        return try CSV<Named>(string: text, delimiter: .comma)
    }

    @Test func csvHasOneRowPerEntryInForceWithThePublicColumns() throws {
        let site = try OutputFixtures.built()
        let bytes = try #require(site.publicFiles["dik.csv"])
        let csv = try table(bytes)
        #expect(csv.header.first == "no" && csv.header.contains("informasi") && csv.header.last == "url")
        #expect(csv.rows.map { $0["id"] ?? "" } == OutputFixtures.inForce)
        for row in csv.rows { #expect(row.count == csv.header.count) }
        let byID = Dictionary(uniqueKeysWithValues: csv.rows.map { ($0["id"] ?? "", $0) })
        let first = try #require(byID["DIK-2025-001"])
        let operation = try #require(byID["DIK-2025-002"])
        #expect(first["informasi"] == OutputFixtures.trickyInformasi, "quotes, commas, & and non-ASCII survive")
        #expect(first["pasal17"] == "h.3; h.1")
        #expect(first["kategori"] == "h. Mengungkap rahasia pribadi")
        #expect(first["dasar_hukum"] == "UU 27/2022 tentang Pelindungan Data Pribadi; PP 12/2019, Pasal 5")
        #expect(first["konsekuensi_dibuka"] == "Baris pertama.\nBaris kedua <b>tebal</b>.")
        #expect(first["jangka_waktu_jenis"] == "tahun")
        #expect(first["berakhir"] == "2030-04-30")
        #expect(first["sebagian"] == "ya")
        #expect(first["penetapan_tanggal"] == "2025-04-30")
        #expect(first["url"] == "https://ppid.kotauji.go.id/dik/dik-2025-001/")
        // A formula-looking value is neutralised for spreadsheets.
        #expect(operation["informasi"] == "'=SUM(A1:A9) rencana operasi")
        #expect(operation["jangka_waktu"] == "sampai kegiatan penertiban selesai")
        #expect(operation["berakhir"] == "")
        #expect(byID["DIK-2024-003"]?["riwayat"] == "2024-03-01 ditetapkan (Penetapan awal); 2025-09-01 diuji (Uji ulang berkala); "
                + "2025-09-08 ditetapkan (Penegasan klasifikasi No. 7)")
    }

    @Test func csvFollowsRFC4180ByteForByte() throws {
        let site = try OutputFixtures.built()
        let text = try #require(site.publicFiles["dik.csv"]).utf8Text
        let lines = text.dropFirst().components(separatedBy: "\r\n")
        #expect(lines.last == "", "every record ends in CRLF")
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\r"))
        #expect(text.contains(",\"\"\"Daftar gaji, tunjangan\"\" & rekening pegawai — Kecamatan Çikini\","),
                "quotes doubled, the field quoted")
        #expect(text.contains("\"Baris pertama.\nBaris kedua <b>tebal</b>.\""), "a line break stays inside quotes")
    }

    @Test func noLongerExemptCSVListsEveryOpenedEntryWithHowAndWhen() throws {
        let site = try OutputFixtures.built()
        let csv = try table(try #require(site.publicFiles["dik-dibuka.csv"]))
        #expect(csv.rows.map { $0["id"] ?? "" } == OutputFixtures.noLongerExempt)
        let byID = Dictionary(uniqueKeysWithValues: csv.rows.map { ($0["id"] ?? "", $0) })
        #expect(byID["DIK-2023-005"]?["dibuka_jenis"] == "jangka_waktu_berakhir")
        #expect(byID["DIK-2023-005"]?["dibuka_tanggal"] == "2026-06-30")
        #expect(byID["DIK-2023-006"]?["dibuka_jenis"] == "dicabut")
        #expect(byID["DIK-2023-006"]?["dibuka_dasar"] == "Putusan KI Provinsi No. 12/2025")
        #expect(byID["DIK-2022-007"]?["dibuka_tanggal"] == "2025-01-02")
    }

    @Test func jsonTypesEveryPublicFieldAndCountsMatchTheRegister() throws {
        let site = try OutputFixtures.built()
        let bytes = try #require(site.publicFiles["dik.json"])
        let root = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        #expect(root["schema_version"] as? Int == 1)
        #expect(root["generated"] as? String == OutputFixtures.buildDate)
        let entries = try #require(root["entri"] as? [[String: Any]])
        let opened = try #require(root["tidak_lagi_dikecualikan"] as? [[String: Any]])
        #expect(entries.map { $0["id"] as? String ?? "" } == OutputFixtures.inForce)
        #expect(opened.map { $0["id"] as? String ?? "" } == OutputFixtures.noLongerExempt)
        let counts = try #require(root["jumlah"] as? [String: Any])
        #expect(counts["berlaku"] as? Int == 4 && counts["tidak_lagi_dikecualikan"] as? Int == 3)

        func entry(_ id: String) throws -> [String: Any] {
            try #require(entries.first { $0["id"] as? String == id })
        }
        let first = try entry("DIK-2025-001")
        #expect(first["informasi"] as? String == OutputFixtures.trickyInformasi)
        let pasal = try #require(first["pasal17"] as? [[String: Any]])
        #expect(pasal.map { $0["huruf"] as? String } == ["h", "h"])
        #expect(pasal.map { $0["angka"] as? Int } == [3, 1])
        #expect(pasal[0]["label_en"] as? String == "Would reveal personal secrets")
        let period = try #require(first["jangka_waktu"] as? [String: Any])
        #expect(period["jenis"] as? String == "tahun" && period["tahun"] as? Int == 5)
        #expect(period["berakhir"] as? String == "2030-04-30")
        #expect(period["mulai"] is NSNull)
        #expect(first["sebagian"] as? Bool == true)
        #expect((first["penetapan"] as? [String: Any])?["tanggal"] as? String == "2025-04-30")

        let operation = try entry("DIK-2025-002")
        let event = try #require(operation["jangka_waktu"] as? [String: Any])
        #expect(event["jenis"] as? String == "peristiwa" && event["berakhir"] is NSNull)
        #expect(operation["informasi"] as? String == "=SUM(A1:A9) rencana operasi", "JSON keeps the value as written")
        let history = try #require(try entry("DIK-2024-003")["riwayat"] as? [[String: Any]])
        #expect(history.map { $0["status"] as? String } == ["ditetapkan", "diuji", "ditetapkan"])
        let revoked = try #require(opened.first { $0["id"] as? String == "DIK-2023-006" })
        let how = try #require(revoked["dibuka"] as? [String: Any])
        #expect(how["jenis"] as? String == "dicabut" && how["tanggal"] as? String == "2025-08-12")
    }

    @Test func jsonIsPlainUTF8WithoutEscapedSlashes() throws {
        let site = try OutputFixtures.built()
        let text = try #require(site.publicFiles["dik.json"]).utf8Text
        #expect(text.contains("\"url\": \"https://ppid.kotauji.go.id/\""))
        #expect(!text.contains("\\/"))
        #expect(text.contains("Kecamatan Çikini"), "non-ASCII written as itself")
        #expect(text.contains("\\\"Daftar gaji, tunjangan\\\""))
        #expect(text.contains("Baris pertama.\\nBaris kedua"))
    }

    static var schemaValidatorAvailable: Bool {
        guard let python = pythonPath else { return false }
        return run(python, ["-c", "import jsonschema"]).status == 0
    }

    /// The first python3 on PATH, as a shell would pick it.
    static var pythonPath: String? {
        let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin").split(separator: ":")
        return folders.map { "\($0)/python3" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static func run(_ executable: String, _ arguments: [String]) -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        do { try process.run() } catch { return (-1, "\(error)") }
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }

    static let validator = """
        import json, sys, jsonschema
        schema = json.load(open(sys.argv[1]))
        jsonschema.Draft202012Validator.check_schema(schema)
        validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
        errors = list(validator.iter_errors(json.load(open(sys.argv[2]))))
        for error in errors: print(list(error.path), error.message)
        sys.exit(1 if errors else 0)
        """

    /// Validation against the shipped schema needs python3 with jsonschema; without
    /// them this test is reported as skipped.
    @Test(.enabled(if: OpenDataTests.schemaValidatorAvailable, "needs python3 with jsonschema"))
    func jsonValidatesAgainstTheShippedSchemaAndTheSchemaRejectsWrongTypes() throws {
        let site = try OutputFixtures.built()
        let python = try #require(Self.pythonPath)
        let json = site.outFolder.appendingPathComponent("public/dik.json").path
        let result = Self.run(python, ["-c", Self.validator, Self.schemaURL.path, json])
        #expect(result.status == 0, "\(result.output)")
        // The check can fail: a date written as a number is refused.
        var text = try #require(site.publicText("dik.json"))
        text = text.replacingOccurrences(of: "\"berakhir\": \"2030-04-30\"", with: "\"berakhir\": 20300430")
        let broken = site.root.appendingPathComponent("broken.json")
        try Data(text.utf8).write(to: broken)
        let refused = Self.run(python, ["-c", Self.validator, Self.schemaURL.path, broken.path])
        #expect(refused.status == 1 && refused.output.contains("berakhir"), "\(refused.output)")
    }

    @Test func anEmptyRegisterStillGivesHeadersAndAnEmptyList() throws {
        let site = try FixtureSite()
        #expect(site.build().succeeded)
        let csv = try table(try #require(site.publicFiles["dik.csv"]))
        #expect(csv.rows.isEmpty && csv.header.count == 21)
        let text = try #require(site.publicText("dik.json"))
        #expect(text.contains("\"entri\": []"))
    }
}
