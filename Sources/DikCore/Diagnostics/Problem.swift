/// What went wrong, as data. Each case has a stable `code` for tools and CI.
public enum Problem: Sendable, Hashable {
    // Reading the file
    case unreadableFile(reason: String)
    case notAFile
    /// A pipe, socket or device named like an entry: reading it could block forever.
    case notRegularFile
    /// A file or folder name that is not UTF-8, so it cannot be named in messages or URLs.
    case invalidFileName
    case linkLeavesSite(target: String)
    case invalidUTF8(byteOffset: Int)
    case nulByte
    case emptyFile
    case fileTooLarge(bytes: Int, limit: Int)
    case noFrontMatter
    case unclosedFrontMatter
    // YAML
    case yamlSyntax(problem: String)
    case tabIndentation
    case duplicateKey(key: String)
    case yamlAliasNotAllowed
    case yamlTagNotAllowed
    case nestingTooDeep(limit: Int)
    case frontMatterNotMapping(found: YAMLKind)
    // Fields
    case wrongType(key: String, expected: ExpectedType)
    case missingField(key: String, status: EntryStatus?)
    case unknownStatus(value: String)
    case invalidPasal17(value: String)
    case pasal17AngkaOutOfRange(value: String, letter: Character, maximum: Int)
    case pasal17AngkaNotAllowed(value: String, letter: Character)
    case emptyList(key: String)
    case invalidId(value: String)
    case duplicateId(id: String, otherPath: String)
    case invalidDate(key: String, value: String)
    case periodKindCount(found: [String])
    case periodYearsOutOfRange(value: String)
    case periodStartWithoutYears
    case periodFlagNotTrue(key: String)
    case riwayatOutOfOrder(date: String, previous: String)
    case valueTooLong(key: String, length: Int, limit: Int)
    case emptyValue(key: String)
    // Warnings from the law and real lists
    case unlimitedPeriodForTemporaryCategory(letter: Character)
    case periodOverCap(letter: Character, years: Int, cap: Int)
    case categoryJWithoutStatute
    case pasal18Forbidden(matched: String)
    case periodEndingSoon(end: String, days: Int)
    case periodEndedStillInForce(end: String)
    case unknownKey(key: String, suggestion: String?)
    case idDiffersFromFileName(id: String, fileName: String)
    case fileOutsideRegisterConventions(reason: String)
    case openedWithoutHistory(status: EntryStatus)
    case placeholderValue(key: String)
    case ignoredFile(name: String)
    // Site settings and templates
    case siteSettingsMissing
    case siteSettingInvalid(key: String, expected: ExpectedType)
    case templateMissing(name: String)
    case templateSyntax(name: String, problem: String)
    case templateRawValue(name: String, variable: String)
    case templatePragmaNotAllowed(name: String)
    case templateDelimiterChange(name: String)
    case templatePartialCycle(name: String, chain: [String])
    case templateNotCheckable(name: String)
    case invalidLanguageCode(code: String)
    case controlCharacterInName
    // The environment and the command line
    case invalidSourceDateEpoch(value: String, reason: String)
    case bodyTooLarge(bytes: Int, limit: Int)
    // Publishing
    case leak(outputFile: String, field: String)
    case writeFailed(path: String, reason: String)
    case publishFailed(reason: String)
    case pathWrittenTwice(path: String)
    case outputIsLink(path: String)
    case registerFolderMissing

    public var code: String {
        switch self {
        case .unreadableFile: "unreadable-file"
        case .notAFile: "not-a-file"
        case .notRegularFile: "not-regular-file"
        case .invalidFileName: "invalid-file-name"
        case .linkLeavesSite: "link-leaves-site"
        case .invalidUTF8: "invalid-utf8"
        case .nulByte: "nul-byte"
        case .emptyFile: "empty-file"
        case .fileTooLarge: "file-too-large"
        case .noFrontMatter: "no-front-matter"
        case .unclosedFrontMatter: "unclosed-front-matter"
        case .yamlSyntax: "yaml-syntax"
        case .tabIndentation: "tab-indentation"
        case .duplicateKey: "duplicate-key"
        case .yamlAliasNotAllowed: "yaml-alias"
        case .yamlTagNotAllowed: "yaml-tag"
        case .nestingTooDeep: "nesting-too-deep"
        case .frontMatterNotMapping: "front-matter-not-mapping"
        case .wrongType: "wrong-type"
        case .missingField: "missing-field"
        case .unknownStatus: "unknown-status"
        case .invalidPasal17: "invalid-pasal17"
        case .pasal17AngkaOutOfRange: "pasal17-angka-range"
        case .pasal17AngkaNotAllowed: "pasal17-angka-not-allowed"
        case .emptyList: "empty-list"
        case .invalidId: "invalid-id"
        case .duplicateId: "duplicate-id"
        case .invalidDate: "invalid-date"
        case .periodKindCount: "period-kind-count"
        case .periodYearsOutOfRange: "period-years-range"
        case .periodStartWithoutYears: "period-start-without-years"
        case .periodFlagNotTrue: "period-flag-not-true"
        case .riwayatOutOfOrder: "riwayat-order"
        case .valueTooLong: "value-too-long"
        case .emptyValue: "empty-value"
        case .unlimitedPeriodForTemporaryCategory: "unlimited-period"
        case .periodOverCap: "period-over-cap"
        case .categoryJWithoutStatute: "j-without-statute"
        case .pasal18Forbidden: "pasal18-forbidden"
        case .periodEndingSoon: "period-ending-soon"
        case .periodEndedStillInForce: "period-ended"
        case .unknownKey: "unknown-key"
        case .idDiffersFromFileName: "id-file-name"
        case .fileOutsideRegisterConventions: "file-convention"
        case .openedWithoutHistory: "opened-without-history"
        case .placeholderValue: "placeholder-value"
        case .ignoredFile: "ignored-file"
        case .siteSettingsMissing: "site-settings-missing"
        case .siteSettingInvalid: "site-setting-invalid"
        case .templateMissing: "template-missing"
        case .templateSyntax: "template-syntax"
        case .templateRawValue: "template-raw-value"
        case .templatePragmaNotAllowed: "template-pragma"
        case .templateDelimiterChange: "template-delimiter"
        case .templatePartialCycle: "template-partial-cycle"
        case .templateNotCheckable: "template-not-checkable"
        case .invalidLanguageCode: "invalid-language-code"
        case .controlCharacterInName: "control-character-in-name"
        case .invalidSourceDateEpoch: "invalid-source-date-epoch"
        case .bodyTooLarge: "body-too-large"
        case .leak: "leak"
        case .writeFailed: "write-failed"
        case .publishFailed: "publish-failed"
        case .pathWrittenTwice: "path-written-twice"
        case .outputIsLink: "output-is-link"
        case .registerFolderMissing: "register-folder-missing"
        }
    }
}

/// What a YAML document turned out to be, when it should have been a map.
public enum YAMLKind: String, Sendable, Hashable {
    case scalar, list, empty
}

public enum ExpectedType: String, Sendable, Hashable {
    case text, list, listOfText, mapping, boolean, integer, date, trueFlag, webAddress
}
