import DikCore
import DikTestSupport
import Foundation
import Testing

/// Commands and the preview take their words from `Words`, never inline.
@Suite("One catalogue of words for the commands and the preview")
struct WordsTests {
    @Test func everySampleHasItsOwnWordsInBothLanguages() {
        let samples: [Words] = [
            .filesWritten(folder: "_site/public", count: 3), .built(counts: "x", warnings: 1),
            .buildFailed(errors: 1, warnings: 2), .numberingPatternInvalid(pattern: "X"), .unitNotOneLine,
            .entryExists(path: "p"), .initNext(folder: "f"), .initNotEmpty(path: "p"), .initNotAFolder(path: "p"),
            .previewAt(address: "http://127.0.0.1:8080/"), .previewStopped, .renderedAll(took: "1 ms"),
            .updatedPages(count: 2, took: "1 ms"), .publishedChanged(took: "1 ms"), .previewHasErrors, .previewBusy,
            .hostMalformed, .hostForeign, .hostNotLoopback(host: "0.0.0.0"), .onlyGetAndHead, .errorPageTitle,
            .errorPageIntro, .errorPageWarnings(count: 2),
        ]
        for words in samples {
            #expect(!words.text(.id).isEmpty && !words.text(.en).isEmpty, "\(words)")
            #expect(words.text(.id) != words.text(.en), "\(words) says the same in both languages")
        }
    }

    @Test func noCommandChoosesWordsInline() throws {
        let sources = FixtureSite.themeFolder.deletingLastPathComponent().appendingPathComponent("Sources")
        for folder in ["dik", "DikServe"] {
            let url = sources.appendingPathComponent(folder)
            for name in try FileManager.default.contentsOfDirectory(atPath: url.path) where name.hasSuffix(".swift") {
                let text = try String(contentsOf: url.appendingPathComponent(name), encoding: .utf8)
                #expect(!text.contains("english ?"), "Sources/\(folder)/\(name) chooses words inline; add them to Words")
            }
        }
    }
}
