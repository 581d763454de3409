/// UU 14/2008 Pasal 17: the ten categories, in Indonesian and English.
public struct Pasal17Category: Sendable {
    public let letter: Character
    public let labelID: String
    public let labelEN: String
    public let explanationID: String
    public let explanationEN: String
    /// Pasal 20(1): exemptions under a–f are not permanent.
}

public enum Pasal17Catalogue {
    /// Pasal 20(1): exemptions under a to f are not permanent.
    public static func isTemporary(_ letter: Character) -> Bool { ("a"..."f").contains(letter) }

    public static func category(_ letter: Character) -> Pasal17Category? {
        all.first { $0.letter == letter }
    }

    public static let all: [Pasal17Category] = [
        .init(letter: "a", labelID: "Menghambat proses penegakan hukum",
              labelEN: "Would obstruct law enforcement",
              explanationID: "Informasi yang bila dibuka dapat menghambat penyelidikan dan penyidikan, mengungkap identitas informan, pelapor atau saksi, mengungkap data intelijen kriminal, membahayakan keselamatan penegak hukum, atau membahayakan sarana dan prasarana penegakan hukum.",
              explanationEN: "Information whose opening could obstruct an investigation, reveal the identity of informants, reporters or witnesses, reveal criminal intelligence, endanger law-enforcement officers or their facilities."),
        .init(letter: "b", labelID: "Mengganggu perlindungan HKI dan persaingan usaha yang sehat",
              labelEN: "Would harm intellectual property or fair competition",
              explanationID: "Informasi yang bila dibuka dapat mengganggu kepentingan perlindungan hak atas kekayaan intelektual dan perlindungan dari persaingan usaha tidak sehat.",
              explanationEN: "Information whose opening could harm the protection of intellectual property rights or protection from unfair competition."),
        .init(letter: "c", labelID: "Membahayakan pertahanan dan keamanan negara",
              labelEN: "Would endanger national defence and security",
              explanationID: "Informasi yang bila dibuka dapat membahayakan pertahanan dan keamanan negara, seperti strategi, intelijen, operasi, kekuatan dan kemampuan pertahanan, serta sistem persandian negara.",
              explanationEN: "Information whose opening could endanger national defence and security, such as strategy, intelligence, operations, defence capability and state cryptography."),
        .init(letter: "d", labelID: "Mengungkapkan kekayaan alam Indonesia",
              labelEN: "Would reveal Indonesia's natural resources",
              explanationID: "Informasi yang bila dibuka dapat mengungkapkan jenis, kekayaan, dan lokasi kekayaan alam Indonesia yang perlu dilindungi.",
              explanationEN: "Information whose opening could reveal the kinds, wealth and location of Indonesia's natural resources that need protection."),
        .init(letter: "e", labelID: "Merugikan ketahanan ekonomi nasional",
              labelEN: "Would harm national economic resilience",
              explanationID: "Informasi yang bila dibuka dapat merugikan ketahanan ekonomi nasional, seperti rencana kebijakan moneter, fiskal, perpajakan, dan perbankan sebelum diumumkan.",
              explanationEN: "Information whose opening could harm national economic resilience, such as monetary, fiscal, tax and banking plans before they are announced."),
        .init(letter: "f", labelID: "Merugikan kepentingan hubungan luar negeri",
              labelEN: "Would harm foreign relations",
              explanationID: "Informasi yang bila dibuka dapat merugikan kepentingan hubungan luar negeri, seperti posisi dan strategi dalam perundingan internasional serta korespondensi diplomatik.",
              explanationEN: "Information whose opening could harm foreign relations, such as positions and strategy in international negotiations and diplomatic correspondence."),
        .init(letter: "g", labelID: "Mengungkapkan isi akta otentik yang bersifat pribadi dan kemauan terakhir atau wasiat",
              labelEN: "Would reveal private authentic deeds or wills",
              explanationID: "Informasi yang bila dibuka dapat mengungkapkan isi akta otentik yang bersifat pribadi dan kemauan terakhir ataupun wasiat seseorang.",
              explanationEN: "Information whose opening could reveal the content of a private authentic deed or a person's last will."),
        .init(letter: "h", labelID: "Mengungkap rahasia pribadi",
              labelEN: "Would reveal personal secrets",
              explanationID: "Informasi yang bila dibuka dapat mengungkap rahasia pribadi: riwayat dan kondisi keluarga, kesehatan fisik dan psikis, keuangan dan aset, hasil evaluasi kemampuan, atau catatan pendidikan seseorang. Pengecualian ini gugur dengan persetujuan tertulis orang yang bersangkutan atau bila menyangkut jabatan publiknya.",
              explanationEN: "Information whose opening could reveal personal secrets: family history and condition, physical or mental health, finances and assets, evaluations of ability, or education records. The exemption lapses with the person's written consent or where it concerns their public office."),
        .init(letter: "i", labelID: "Memorandum atau surat antar/intra Badan Publik yang menurut sifatnya dirahasiakan",
              labelEN: "Confidential inter- or intra-agency memoranda",
              explanationID: "Memorandum atau surat-surat antar Badan Publik atau intra Badan Publik yang menurut sifatnya dirahasiakan, kecuali atas putusan Komisi Informasi atau pengadilan.",
              explanationEN: "Memoranda or letters between or within public bodies that are confidential by nature, unless the Information Commission or a court decides otherwise."),
        .init(letter: "j", labelID: "Informasi yang tidak boleh diungkapkan berdasarkan Undang-Undang",
              labelEN: "Information another statute forbids disclosing",
              explanationID: "Informasi yang tidak boleh diungkapkan berdasarkan Undang-Undang lain. Dasar hukumnya harus berupa Undang-Undang, bukan peraturan yang lebih rendah.",
              explanationEN: "Information that another statute (Undang-Undang) forbids disclosing. The basis must be a statute, not a lower regulation."),
    ]
}
