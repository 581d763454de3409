@testable import DikCore
import DikTestSupport
import Foundation
import Testing

/// Every place that names the register's keys agrees with `RegisterSchema`. When a
/// field is added to the schema, each failure here names the file to change.
@Suite("One register schema, and every place held to it")
struct RegisterSchemaTests {
    static var repository: URL { FixtureSite.themeFolder.deletingLastPathComponent() }

    @Test func theDecoderReadsExactlyTheSchemasKeys() {
        #expect(RegisterKeys.all == RegisterSchema.fields.map(\.key))
        #expect(RegisterKeys.decreeKeys == RegisterSchema.field("penetapan")?.subkeys)
        #expect(RegisterKeys.periodKinds == ["tahun", "sampai", "peristiwa", "persetujuan", "tidak_terbatas"])
    }

    @Test func neededKeysFollowTheStatus() {
        #expect(RegisterSchema.keysNeeded(by: nil) == ["id", "status", "pasal17", "unit"])
        #expect(RegisterSchema.keysNeeded(by: .diuji) == ["id", "status", "informasi", "pasal17", "unit",
                                                           "uji_konsekuensi"])
        #expect(RegisterSchema.keysNeeded(by: .ditetapkan) == ["id", "status", "informasi", "pasal17", "unit",
                                                                "jangka_waktu", "penetapan", "uji_konsekuensi"])
    }

    @Test func csvColumnsAreTheSchemasPlusTheDerivedOnes() {
        let declared = RegisterSchema.fields.flatMap(\.csvColumns) + RegisterSchema.derivedCSVColumns
        #expect(Set(OpenData.columns) == Set(declared),
                "OpenData.columns (Sources/DikCore/Render/OpenData.swift) and the schema's csv columns differ")
        #expect(OpenData.columns.count == declared.count)
    }

    @Test func jsonEntriesHaveTheSchemasMembersAndTheSchemaFileSaysSo() throws {
        let site = try FixtureSite()
        try site.entry("DIK-2025-001", SampleEntries.decided("DIK-2025-001"))
        #expect(site.build().succeeded)
        let data = try #require(site.publicFiles["dik.json"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(data)) as? [String: Any])
        let entry = try #require((json["entri"] as? [[String: Any]])?.first)
        let declared = Set(RegisterSchema.fields.compactMap(\.jsonKey) + RegisterSchema.derivedJSONKeys)
        #expect(Set(entry.keys) == declared,
                "OpenData.members (Sources/DikCore/Render/OpenData.swift) and the schema's json keys differ")

        let schemaFile = Self.repository.appendingPathComponent("docs/dik.schema.json")
        let schema = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: schemaFile)) as? [String: Any])
        let definitions = try #require(schema["$defs"] as? [String: Any])
        let entryDefinition = try #require(definitions["entry"] as? [String: Any])
        #expect(Set(entryDefinition["required"] as? [String] ?? []) == declared,
                "docs/dik.schema.json $defs.entry.required differs from the schema")
        #expect(Set((entryDefinition["properties"] as? [String: Any])?.keys.map { $0 } ?? []) == declared,
                "docs/dik.schema.json $defs.entry.properties differs from the schema")
    }

    @Test func theFileDikNewWritesHasEveryKey() {
        let text = NewEntry.template(id: "DIK-2026-001", unit: nil, pasal17: nil)
        for field in RegisterSchema.fields {
            #expect(text.contains("\n\(field.key):"), "dik new (Sources/DikCore/Author/NewEntry.swift) lacks \(field.key)")
            if field.key == "penetapan" || field.key == "uji_konsekuensi" {
                for sub in field.subkeys {
                    #expect(text.contains("\n  \(sub):"), "dik new lacks \(field.key).\(sub)")
                }
            }
        }
    }

    @Test func theFormatDocumentsEveryKeyWithItsVisibility() throws {
        let text = try String(contentsOf: Self.repository.appendingPathComponent("docs/format.md"), encoding: .utf8)
        for field in RegisterSchema.fields {
            let row = text.split(separator: "\n").first { $0.hasPrefix("| `\(field.key)` |") }
            #expect(row != nil, "docs/format.md has no row for \(field.key)")
            let saysInternal = row?.contains("**tidak") ?? false
            #expect(saysInternal == (field.visibility == .internal), "docs/format.md: \(field.key)'s visibility")
        }
    }

    /// A draft with every public field filled: each value is among what the audit
    /// searches. The fixture must name every public key of the schema.
    @Test func theAuditSearchesEveryPublicFieldOfADraft() throws {
        let filled: [String: String] = [
            "id": "id: DIK-CANARY-ID",
            "status": "status: diuji",
            "informasi": "informasi: CANARY informasi rahasia",
            "pasal17": "pasal17: [b]",
            "dasar_hukum": "dasar_hukum: [CANARY dasar hukum rahasia]",
            "unit": "unit: CANARY unit rahasia",
            "jangka_waktu": "jangka_waktu:\n  peristiwa: CANARY peristiwa rahasia",
            "konsekuensi_dibuka": "konsekuensi_dibuka: CANARY konsekuensi rahasia",
            "pertimbangan_ditutup": "pertimbangan_ditutup: CANARY pertimbangan rahasia",
            "sebagian": "sebagian: true",
            "penetapan": "penetapan:\n  nomor: CANARY nomor rahasia\n  tempat: CANARY tempat rahasia\n"
                + "  pejabat: CANARY pejabat rahasia\n  disetujui_oleh: CANARY atasan rahasia",
            "riwayat": "riwayat:\n  - tanggal: 2026-01-01\n    status: diuji\n    dasar: CANARY dasar riwayat rahasia",
        ]
        for key in RegisterSchema.publicKeys {
            #expect(filled[key] != nil, "add \(key) to this fixture and to LeakAuditor.draftFields (Sources/DikCore/Publish/LeakAudit.swift)")
        }
        let site = try FixtureSite()
        let yaml = RegisterSchema.publicKeys.compactMap { filled[$0] }.joined(separator: "\n")
            + "\nuji_konsekuensi:\n  nomor: UK/1\n  tanggal: 2026-01-01\n  analisis: Masih dikaji."
        try site.write("register/draft.md", "---\n\(yaml)\n---\n")
        let loaded = SiteLoader.load(siteRoot: site.siteFolder)
        let entry = try #require(loaded.entries.first)
        var searched: [String] = []
        LeakAuditor.visitSecrets(of: entry, published: false) { bytes, _ in
            searched.append(String(decoding: bytes, as: UTF8.self))
        }
        let canaries = filled.values.flatMap { $0.split(separator: "\n") }.compactMap { line -> String? in
            guard let start = line.range(of: "CANARY") else { return nil }
            return String(line[start.lowerBound...]).trimmingCharacters(in: CharacterSet(charactersIn: "]"))
        }
        for canary in canaries {
            #expect(searched.contains { $0.lowercased().contains(canary.lowercased()) }, "the audit does not search \(canary)")
        }
    }
}
