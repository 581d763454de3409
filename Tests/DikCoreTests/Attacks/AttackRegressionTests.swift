import DikCore
import DikTestSupport
import Foundation
import Testing

/// The classes of break found by trying to break the build as an attacker would
/// (issue 17), each with the example found and variants of our own.
@Suite("Attacks: tagged keys, template escapes, links out of the site, YAML bombs")
struct AttackRegressionTests {
    static func errors(_ report: BuildReport) -> [String] {
        report.diagnostics.errors.map { DiagnosticMessages.text($0, language: .en) }
    }

    static func codes(_ report: BuildReport) -> [String] {
        report.diagnostics.errors.map(\.problem.code)
    }

    // MARK: A draft published through a tagged duplicate key

    @Test(arguments: ["!x status: ditetapkan", "!!str status: ditetapkan", "!!binary status: ditetapkan",
                      "!!null status: ditetapkan", "!<tag:yaml.org,2002:str> status: ditetapkan",
                      "? !x status\n: ditetapkan"])
    func aTaggedKeyIsRefused(_ line: String) throws {
        let site = try FixtureSite()
        let draft = SampleEntries.draft("DIK-2025-001") + "\n" + line
        try site.entry("DIK-2025-001", draft)
        let report = site.build()
        #expect(!report.succeeded)
        #expect(Self.codes(report).contains("yaml-tag"), "\(Self.errors(report))")
        #expect(site.publicFiles.count == 0)
    }

    @Test func aTagOnAValueIsRefusedToo() throws {
        let site = try FixtureSite()
        try site.entry("DIK-2025-001", SampleEntries.decided("DIK-2025-001")
            .replacingOccurrences(of: "status: ditetapkan", with: "status: !!str ditetapkan"))
        #expect(site.build().refusals == [Refusal("yaml-tag", "register/DIK-2025-001.md", line: 3)])
    }

    @Test func keysThatAreTheSameTextAreTheSameKey() throws {
        let site = try FixtureSite()
        // Yams sees the int 1 and the string "1" as two keys; the register reads text.
        try site.entry("DIK-2025-001", SampleEntries.decided("DIK-2025-001", extra: """
            internal:
              1: satu
              "1": dua
            """))
        let report = site.build()
        #expect(Self.codes(report) == ["duplicate-key"], "\(Self.errors(report))")
    }

    @Test func anExclamationMarkInsideTextIsText() throws {
        let site = try FixtureSite()
        try site.entry("DIK-2025-001", SampleEntries.decided("DIK-2025-001", informasi: "Data penting! dan rahasia"))
        let report = site.build()
        #expect(report.succeeded, "\(Self.errors(report))")
    }

    // MARK: Mustache delimiter changes and what the parsed template does

    @Test(arguments: [
        "{{=<% %>=}}<%&informasi%>",
        "{{=<% %>=}}<%% CONTENT_TYPE: TEXT%><%informasi%>",
        "{{=| |=}}|{informasi}|",
        "{{= [[ ]] =}}[[&informasi]]",
    ])
    func aDelimiterChangeIsRefused(_ payload: String) throws {
        let site = try FixtureSite()
        try site.entry("DIK-2025-001", SampleEntries.decided("DIK-2025-001", informasi: "'<script>alert(1)</script>'"))
        try site.write("templates/notice.mustache",
                       "{{<layout}}{{$main}}{{#entry}}\n\(payload){{/entry}}{{/main}}{{/layout}}")
        let report = site.build()
        #expect(Self.codes(report).contains("template-delimiter"), "\(Self.errors(report))")
        #expect(Self.errors(report).first?.hasPrefix("templates/notice.mustache:2:1: error:") == true)
        for (path, bytes) in site.publicFiles {
            #expect(!bytes.containsIgnoringCase("<script>alert(1)"), "\(path)")
        }
    }

    @Test func aRawVariableHiddenFromTheTextScanIsFoundInTheParsedTemplate() throws {
        // A `{{{` split over the tag's own whitespace is still one raw tag to the parser.
        let site = try FixtureSite()
        try site.entry("DIK-2025-001", SampleEntries.decided("DIK-2025-001"))
        try site.write("templates/notice.mustache", "{{<layout}}{{$main}}{{#entry}}{{& informasi }}{{/entry}}{{/main}}{{/layout}}")
        let report = site.build()
        #expect(Self.codes(report) == ["template-raw-value"], "\(Self.errors(report))")
    }

    // MARK: Partial cycles

    @Test func aTemplateThatIncludesItselfIsAnErrorAtItsLine() throws {
        let site = try FixtureSite()
        try site.entry("DIK-2025-001", SampleEntries.decided("DIK-2025-001"))
        try site.write("templates/not-found.mustache", "<p>Tidak ada</p>\n  {{> not-found}}\n")
        let report = site.build()
        #expect(Self.errors(report) == [
            "templates/not-found.mustache:2:3: error: template 'templates/not-found.mustache' includes itself through partials (not-found → not-found); break the cycle",
        ])
        let check = SiteChecker.check(siteRoot: site.siteFolder, date: LocalDate(iso: "2026-11-21")!,
                                      theme: FixtureSite.themeFolder)
        #expect(check.errors.map(\.problem.code) == ["template-partial-cycle"])
    }

    @Test func aLongerCycleThroughTheLayoutIsFound() throws {
        let site = try FixtureSite()
        try site.entry("DIK-2025-001", SampleEntries.decided("DIK-2025-001"))
        try site.write("templates/a.mustache", "{{> b}}")
        try site.write("templates/b.mustache", "{{#x}}{{> c}}{{/x}}")
        try site.write("templates/c.mustache", "{{<a}}{{/a}}")
        let report = site.build()
        #expect(Self.errors(report) == [
            "templates/a.mustache:1:1: error: template 'templates/a.mustache' includes itself through partials (a → b → c → a); break the cycle",
        ])
    }

    // MARK: Links out of the site

    @Test func anAssetLinkedOutOfTheSiteIsRefused() throws {
        let site = try FixtureSite()
        try site.entry("DIK-2025-001", SampleEntries.decided("DIK-2025-001"))
        let secret = site.root.appendingPathComponent("secret.txt")
        try Data("CANARY-LINKED-SECRET".utf8).write(to: secret)
        try FileManager.default.createDirectory(at: site.siteFolder.appendingPathComponent("templates/assets"),
                                                withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: site.siteFolder.appendingPathComponent("templates/assets/style.css").path,
            withDestinationPath: secret.path)
        let report = site.build()
        #expect(Self.codes(report) == ["link-leaves-site"], "\(Self.errors(report))")
        #expect(Self.errors(report).first?.hasPrefix("templates/assets/style.css: error:") == true)
        #expect(site.publicFiles.count == 0)
    }

    @Test(arguments: ["templates/notice.mustache", "templates/strings.id.yml", "templates/assets", "templates",
                      "site.yml"])
    func everyFolderTheBuildReadsRefusesLinksOut(_ linked: String) throws {
        let site = try FixtureSite()
        try site.entry("DIK-2025-001", SampleEntries.decided("DIK-2025-001"))
        let outside = site.root.appendingPathComponent("outside")
        let original = site.siteFolder.appendingPathComponent(linked)
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        let target = outside.appendingPathComponent(original.lastPathComponent)
        if linked == "site.yml" {
            try FileManager.default.moveItem(at: original, to: target)
        } else if linked.hasSuffix(".mustache") {
            try FileManager.default.copyItem(at: FixtureSite.themeFolder.appendingPathComponent("notice.mustache"), to: target)
        } else if linked.hasSuffix(".yml") {
            try Data("judul: CANARY\n".utf8).write(to: target)
        } else {
            try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
            try Data("CANARY".utf8).write(to: target.appendingPathComponent("x.css"))
        }
        try FileManager.default.createDirectory(at: original.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: original.path, withDestinationPath: target.path)
        let report = site.build()
        #expect(Self.codes(report).contains("link-leaves-site"), "\(Self.errors(report))")
        #expect(site.publicFiles.count == 0)
    }

    @Test func aLinkInsideTheSiteIsFollowed() throws {
        let site = try FixtureSite()
        try site.entry("DIK-2025-001", SampleEntries.decided("DIK-2025-001"))
        try site.write("shared/extra.css", "body{}")
        try FileManager.default.createDirectory(at: site.siteFolder.appendingPathComponent("templates/assets"),
                                                withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: site.siteFolder.appendingPathComponent("templates/assets/extra.css").path,
            withDestinationPath: site.siteFolder.appendingPathComponent("shared/extra.css").path)
        let report = site.build()
        #expect(report.succeeded, "\(Self.errors(report))")
        #expect(site.publicText("assets/extra.css") == "body{}")
    }

    // MARK: String tables get the YAML guard

    @Test func aBillionLaughsStringTableIsRefusedAtOnce() throws {
        let site = try FixtureSite()
        try site.entry("DIK-2025-001", SampleEntries.decided("DIK-2025-001"))
        var lines = ["a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]"]
        for level in 1...9 {
            let refs = Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ",")
            lines.append("a\(level): &a\(level) [\(refs)]")
        }
        try site.write("templates/strings.id.yml", lines.joined(separator: "\n") + "\n")
        let report = site.build()
        #expect(Self.errors(report) == [
            "templates/strings.id.yml:1:5: error: YAML anchors and aliases (& and *) are not used in the register; write the value out",
        ])
    }

    @Test(arguments: ["kategori", "dik", "EN", "e", "en_US", "en-", "toolonglanguage"])
    func aLanguageCodeThatIsNoLanguageOrClashesIsRefused(_ code: String) throws {
        let site = try FixtureSite()
        try site.entry("DIK-2025-001", SampleEntries.decided("DIK-2025-001"))
        try site.write("templates/strings.\(code).yml", "judul: X\n")
        let report = site.build()
        #expect(Self.codes(report) == ["invalid-language-code"], "\(Self.errors(report))")
    }

    @Test func aRealLanguageCodeIsAccepted() {
        for code in ["en", "jv", "su", "zh-hant", "id", "ban"] { #expect(LanguageCode.isUsable(code), "\(code)") }
    }

    // MARK: Site settings

    @Test(arguments: ["javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,x", "//evil.example/",
                      "ftp://ppid.example/", "https://ppid.example/ x"])
    func aPublicURLThatIsNoWebAddressIsRefused(_ url: String) throws {
        let site = try FixtureSite(settings: FixtureSite.defaultSettings
            .replacingOccurrences(of: "url_publik: https://ppid.kotauji.go.id/", with: "url_publik: '\(url)'"))
        try site.entry("DIK-2025-001", SampleEntries.decided("DIK-2025-001"))
        let report = site.build()
        #expect(Self.codes(report) == ["site-setting-invalid"], "\(Self.errors(report))")
    }

    // MARK: A body libcmark would take hours over

    @Test func aBodyPastTheLimitIsRefusedAtItsFirstLine() throws {
        let site = try FixtureSite()
        let hostile = String(repeating: "![[]()", count: (InputLimits.maxBodyBytes / 6) + 1)
        try site.entry("DIK-2025-001", SampleEntries.decided("DIK-2025-001"), body: hostile)
        let report = site.build()
        #expect(Self.codes(report) == ["body-too-large"], "\(Self.errors(report))")
        // The body starts on the line after the closing `---`.
        let lines = "---\n\(SampleEntries.decided("DIK-2025-001"))\n---\n".split(separator: "\n", omittingEmptySubsequences: false)
        #expect(report.diagnostics.errors.first?.location.line == lines.count)
    }

    @Test func aBodyJustUnderTheLimitStillRenders() throws {
        let site = try FixtureSite()
        let hostile = String(repeating: "![[]()", count: (InputLimits.maxBodyBytes / 6) - 1)
        try site.entry("DIK-2025-001", SampleEntries.decided("DIK-2025-001"), body: hostile)
        let report = site.build()
        #expect(report.succeeded, "\(Self.errors(report))")
    }
}
