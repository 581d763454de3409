#!/usr/bin/env python3
"""Writes a synthetic register of N entries in register format version 1.

Deterministic: the same --seed and entry number always give the same file, so the
first 1,000 entries of a 10,000-entry register are the 1,000-entry register. Sizes are
those of real lists: a few hundred bytes of public fields, 1-5 KB of Markdown body,
every workflow state and every period kind. Every entry is valid (a build succeeds);
a small share draws the law's warnings, as real lists do.

The files are also valid Hugo content (YAML front matter), which is how bench/run.sh
compares the same job in Hugo.

With --formulaic, every consequence test's analysis and every balancing statement
opens with the same legal formula ("Berdasarkan Pasal 17 huruf ... Undang-Undang
Nomor 14 Tahun 2008 ..."), as many real registers are written: thousands of internal
values then share their first words with public text, which the leak audit must
handle without comparing each occurrence with each of them. Everything else is the
same as without it.

Usage: gen_register.py --entries N [--seed 1] --out DIR [--jobs 2] [--formulaic]
"""

import argparse
import multiprocessing
import os
import random
import sys

# Public vocabulary: what a PPID publishes. Kept apart from the body vocabulary so a
# body fragment can never coincide with published text (the leak audit would
# rightly stop the build).
UNITS = [
    "Badan Kepegawaian Daerah", "Dinas Kesehatan", "Dinas Pendidikan dan Kebudayaan",
    "Badan Pengelolaan Keuangan dan Aset Daerah", "Satuan Polisi Pamong Praja", "Inspektorat",
    "Biro Hukum", "Biro Pengadaan Barang dan Jasa", "Dinas Sosial", "Bappeda",
    "Dinas Penanaman Modal dan PTSP", "Dinas Lingkungan Hidup dan Kehutanan",
    "Dinas Energi dan Sumber Daya Mineral", "Badan Pendapatan Daerah", "Rumah Sakit Umum Daerah",
    "Dinas Kependudukan dan Pencatatan Sipil", "Badan Kesatuan Bangsa dan Politik",
    "Dinas Perhubungan", "Dinas Pekerjaan Umum dan Penataan Ruang", "Biro Umum",
]
INFO_HEADS = [
    "Nomor rekening bank", "Data rekam medis", "Hasil penilaian kinerja", "Rencana operasi penertiban",
    "Dokumen penawaran harga", "Data lokasi cadangan", "Nilai rapor dan ijazah", "Laporan hasil audit investigasi",
    "Berita acara pemeriksaan", "Rancangan kebijakan", "Data kependudukan perorangan", "Kajian risiko keamanan",
    "Rencana pengamanan objek vital", "Surat menyurat dengan perwakilan asing", "Rincian harga perkiraan sendiri",
    "Data kekayaan pribadi", "Hasil tes psikologi", "Dokumen tender yang sedang berjalan",
    "Peta sebaran mineral", "Akta wasiat", "Memorandum internal pimpinan", "Catatan konseling",
]
INFO_TAILS = [
    "pegawai", "pasien", "peserta didik", "penyedia barang dan jasa", "wajib pajak daerah", "penerima bantuan",
    "aparatur sipil negara", "calon investor", "pelapor", "saksi", "tenaga honorer", "anggota tim",
]
INFO_SCOPES = [
    "tahun anggaran berjalan", "di lingkungan pemerintah daerah", "sebelum penetapan pemenang",
    "selama proses pemeriksaan", "yang belum diumumkan", "untuk keperluan internal",
]
LETTERS = {  # letter -> angka count (0: the letter takes none)
    "a": 5, "b": 0, "c": 7, "d": 0, "e": 7, "f": 4, "g": 0, "h": 5, "i": 0, "j": 0,
}
LETTER_WEIGHTS = [12, 6, 5, 3, 8, 2, 2, 40, 10, 12]
STATUTES = [
    "UU 27/2022 tentang Pelindungan Data Pribadi", "UU 36/2009 tentang Kesehatan",
    "UU 8/1981 tentang Hukum Acara Pidana", "UU 30/2014 tentang Administrasi Pemerintahan",
    "UU 5/1999 tentang Larangan Praktik Monopoli", "UU 24/2013 tentang Administrasi Kependudukan",
    "UU 20/2003 tentang Sistem Pendidikan Nasional", "UU 43/2009 tentang Kearsipan",
]
OTHER_BASES = [
    "PP 61/2010 tentang Pelaksanaan UU KIP", "Perki 1/2017 tentang Pengklasifikasian Informasi Publik",
    "Perpres 16/2018 tentang Pengadaan Barang/Jasa Pemerintah", "Permendagri 3/2017 tentang Pedoman PPID",
    "PP 30/2019 tentang Penilaian Kinerja PNS",
]
CONSEQUENCES = [
    "Membuka informasi ini mengungkap data pribadi tanpa persetujuan yang bersangkutan.",
    "Pihak yang diperiksa dapat menghilangkan barang bukti sebelum pemeriksaan selesai.",
    "Peserta tender lain memperoleh keuntungan yang tidak wajar atas harga penawaran.",
    "Objek yang dilindungi menjadi rentan terhadap gangguan keamanan.",
    "Hubungan kerja sama dengan pihak luar negeri dapat terganggu.",
    "Keputusan yang belum final dapat disalahartikan sebagai kebijakan resmi.",
]
BALANCES = [
    "Kepentingan pelindungan pribadi lebih besar daripada manfaat pembukaan; rekapitulasi tetap diumumkan.",
    "Proses penegakan hukum yang efektif melindungi kepentingan umum yang lebih luas.",
    "Persaingan usaha yang sehat dalam pengadaan menjaga penggunaan anggaran yang efisien.",
    "Ringkasan kebijakan diumumkan setelah ditetapkan sehingga publik tetap dapat mengawasi.",
]
EVENTS = [
    "sampai proses pemeriksaan selesai", "sampai ditetapkannya pemenang tender",
    "sampai kegiatan penertiban selesai dilaksanakan", "sampai ditetapkannya Renja SKPD",
    "sampai putusan berkekuatan hukum tetap",
]
PLACES = ["Pontianak", "Samarinda", "Makassar", "Padang", "Kupang", "Ambon", "Jayapura", "Mataram"]
OFFICIALS = [
    "Kepala Dinas Komunikasi dan Informatika selaku PPID Utama",
    "Sekretaris Dinas selaku PPID Pelaksana",
]
APPROVERS = ["Sekretaris Daerah selaku Atasan PPID", "Kepala Daerah selaku Atasan PPID"]

# Internal vocabulary: bodies, consequence-test reasoning and notes.
BODY_WORDS = (
    "berkas lemari rak ruang lantai map ordner salinan asli scan tersimpan terkunci kunci brankas "
    "diserahkan petugas operator bidang subbagian seksi pelaksana catatan rapat notulen lampiran "
    "formulir rekaman cadangan server aplikasi basis pengguna akses hak sandi enkripsi folder "
    "dikirim diterima dicatat diperbarui diverifikasi diarsipkan dimusnahkan dipindahkan digandakan "
    "pukul minggu bulan triwulan semester anggaran rincian nilai jumlah nama alamat nomor kode "
    "register agenda disposisi memo telaah staf pimpinan kepala sekretaris bendahara pengurus "
    "gudang loker laci kotak amplop segel stempel paraf tanda terima mutasi inventaris aset "
    "kendaraan gedung kantor cabang wilayah kecamatan kelurahan desa dusun warga pemohon keberatan"
).split()
BODY_HEADINGS = ["Uraian", "Lokasi arsip", "Riwayat penanganan", "Catatan petugas", "Tindak lanjut",
                 "Rincian dokumen", "Akses dan pengamanan"]
ANALYSES = [
    "Dokumen memuat {a} dan {b}; bila dibuka, {c} dapat disalahgunakan oleh pihak yang tidak berhak.",
    "Tim menilai {a} masih dipakai dalam proses {b}, sehingga pembukaan mengganggu {c}.",
    "Uji menemukan {a} tersimpan bersama {b}; pemisahan belum mungkin tanpa membuka {c}.",
]

STATUS_WEIGHTS = [("ditetapkan", 70), ("usulan", 10), ("diuji", 10), ("dibuka", 7), ("dicabut", 3)]
BUILD_YEAR = 2026


def words(rng, count):
    return " ".join(rng.choices(BODY_WORDS, k=count))


def sentence(rng):
    text = words(rng, rng.randint(6, 16))
    return text[0].upper() + text[1:] + "."


def body(rng, number):
    """Markdown of 1-5 KB: headings, paragraphs, lists, emphasis, links, code spans."""
    target = rng.randint(1000, 5000)
    parts = []
    size = 0
    while size < target:
        kind = rng.random()
        if kind < 0.15:
            block = "## " + rng.choice(BODY_HEADINGS)
        elif kind < 0.35:
            block = "\n".join("- " + sentence(rng) for _ in range(rng.randint(2, 5)))
        elif kind < 0.42:
            block = "\n".join(f"{i}. {sentence(rng)}" for i in range(1, rng.randint(3, 5)))
        else:
            sentences = [sentence(rng) for _ in range(rng.randint(2, 6))]
            i = rng.randrange(len(sentences))
            pick = rng.random()
            if pick < 0.3:
                sentences[i] = f"**{sentences[i]}**"
            elif pick < 0.5:
                sentences[i] = f"Lihat [{words(rng, 3)}](https://arsip.internal.example/{number}/{rng.randint(1, 99)})."
            elif pick < 0.6:
                sentences[i] = f"Kode `{rng.randint(100000, 999999)}-{number}` {words(rng, 5)}."
            block = " ".join(sentences)
        parts.append(block)
        size += len(block) + 2
    return "\n\n".join(parts) + "\n"


def yaml_text(value):
    """A YAML scalar; quoted when it holds characters YAML would read otherwise."""
    if any(c in value for c in ":#&*!|>'\"%@`{}[],") or value != value.strip():
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return value


def pick_status(rng):
    roll = rng.randrange(100)
    for status, weight in STATUS_WEIGHTS:
        if roll < weight:
            return status
        roll -= weight
    return "ditetapkan"


def entry(seed, number, formulaic=False):
    rng = random.Random(f"{seed}-{number}")
    year = rng.randint(2018, BUILD_YEAR)
    entry_id = f"DIK-{year}-{number:07d}"
    status = pick_status(rng)
    letters = rng.choices(list(LETTERS), weights=LETTER_WEIGHTS, k=rng.choice([1, 1, 1, 2]))
    refs = []
    for letter in dict.fromkeys(letters):
        angka = LETTERS[letter]
        refs.append(f"{letter}.{rng.randint(1, angka)}" if angka and rng.random() < 0.8 else letter)
    unit = rng.choice(UNITS)
    lines = ["---", f"id: {entry_id}", f"status: {status}"]
    informasi = f"{rng.choice(INFO_HEADS)} {rng.choice(INFO_TAILS)} {rng.choice(INFO_SCOPES)}"
    if status != "usulan" or rng.random() < 0.7:
        lines.append(f"informasi: {yaml_text(informasi)}")
    lines.append(f"pasal17: [{', '.join(refs)}]")
    bases = []
    if "j" in letters or rng.random() < 0.6:
        bases.append(rng.choice(STATUTES))
    if rng.random() < 0.3:
        bases.append(rng.choice(OTHER_BASES))
    if bases:
        lines.append("dasar_hukum:")
        lines += [f"  - {yaml_text(b)}" for b in bases]
    lines.append(f"unit: {unit}")

    decided = status in ("ditetapkan", "dibuka", "dicabut")
    # Decisions lie in the past of the build date (2026-11-21); an opened entry was
    # decided before the year it was opened in.
    opened = status in ("dibuka", "dicabut")
    decree_year = rng.randint(max(2018, year - 1), min(BUILD_YEAR - 1 if opened else BUILD_YEAR, year + 1))
    last_month = 10 if decree_year == BUILD_YEAR else 12
    decree_date = f"{decree_year}-{rng.randint(1, last_month):02d}-{rng.randint(1, 28):02d}"
    test_date = f"{decree_year}-{rng.randint(1, last_month):02d}-{rng.randint(1, 28):02d}"
    temporary = any(r[0] in "abcdef" for r in refs)
    if decided or rng.random() < 0.3:
        lines.append("jangka_waktu:")
        roll = rng.random()
        if roll < 0.45:
            lines.append(f"  tahun: {rng.choice([5, 10, 10, 15, 20, 25, 30])}")
            if rng.random() < 0.2:
                lines.append(f"  mulai: {decree_date}")
        elif roll < 0.6:
            lines.append(f"  sampai: {rng.randint(BUILD_YEAR, BUILD_YEAR + 10)}-{rng.randint(1, 12):02d}-28")
        elif roll < 0.75:
            lines.append(f"  peristiwa: {rng.choice(EVENTS)}")
        elif roll < 0.9 and any(r[0] in "gh" for r in refs):
            lines.append("  persetujuan: true")
        elif not temporary or rng.random() < 0.05:
            lines.append("  tidak_terbatas: true")
        else:
            lines.append(f"  tahun: {rng.choice([5, 10, 20])}")
    if rng.random() < 0.8:
        lines.append(f"konsekuensi_dibuka: {yaml_text(rng.choice(CONSEQUENCES))}")
    formula = (f"Berdasarkan Pasal 17 huruf {refs[0][0]} Undang-Undang Nomor 14 Tahun 2008 tentang "
               "Keterbukaan Informasi Publik, ") if formulaic else ""
    if rng.random() < 0.6:
        lines.append(f"pertimbangan_ditutup: {yaml_text(formula + rng.choice(BALANCES))}")
    if rng.random() < 0.2:
        lines.append(f"sebagian: {rng.choice(['true', 'false'])}")
    if decided:
        lines += [
            "penetapan:",
            f"  nomor: 188.4/{number}/PPID/{decree_year}",
            f"  tanggal: {decree_date}",
            f"  tempat: {rng.choice(PLACES)}",
            f"  pejabat: {rng.choice(OFFICIALS)}",
            f"  disetujui_oleh: {rng.choice(APPROVERS)}",
        ]
        if status in ("dibuka", "dicabut") or rng.random() < 0.1:
            basis = (f"Putusan Komisi Informasi No. {number}/KI/PS/{BUILD_YEAR}" if status == "dicabut"
                     else f"Keputusan PPID Utama No. 188.4/{number}/BUKA/{BUILD_YEAR}")
            lines += ["riwayat:", f"  - tanggal: {decree_date}", "    status: ditetapkan",
                      f"    dasar: Keputusan PPID Utama No. 188.4/{number}/PPID/{decree_year}"]
            if status in ("dibuka", "dicabut"):
                lines += [f"  - tanggal: {BUILD_YEAR}-{rng.randint(1, 10):02d}-{rng.randint(10, 28):02d}",
                          f"    status: {status}", f"    dasar: {basis}"]
    if status != "usulan":
        analysis = rng.choice(ANALYSES).format(a=words(rng, 3), b=words(rng, 3), c=words(rng, 3))
        lines += [
            "uji_konsekuensi:",
            f"  nomor: 481/{number}/UK/{decree_year}",
            f"  tanggal: {test_date}",
            "  peserta:",
            "    - PPID Utama",
            f"    - PPID Pelaksana {unit}",
            "    - Biro Hukum selaku Tim Pertimbangan",
            f"  analisis: {yaml_text(formula + analysis)}",
        ]
    if rng.random() < 0.7:
        lines += [
            "internal:",
            f"  lokasi_arsip: {yaml_text(words(rng, 4) + ' ' + str(rng.randint(1, 40)))}",
            f"  kontak: {yaml_text(words(rng, 3) + ', ext. ' + str(rng.randint(100, 999)))}",
        ]
    lines.append("---")
    return year, entry_id, "\n".join(lines) + "\n\n" + body(rng, number)


SITE_YML = """nama_situs: Daftar Informasi yang Dikecualikan
badan_publik: Badan Publik Sintetis
ppid:
  nama: PPID Utama Badan Publik Sintetis
  alamat: Jalan Pengujian Nomor 1
  email: ppid@sintetis.example
url_publik: https://ppid.sintetis.example/dik/
url_internal: https://intranet.sintetis.example/dik/
bahasa: id
"""


def write_range(args):
    seed, out, lower, upper, formulaic = args
    made = set()
    for number in range(lower, upper):
        year, entry_id, text = entry(seed, number, formulaic)
        folder = os.path.join(out, "register", str(year))
        if year not in made:
            os.makedirs(folder, exist_ok=True)
            made.add(year)
        with open(os.path.join(folder, entry_id + ".md"), "w", encoding="utf-8") as handle:
            handle.write(text)
    return upper - lower


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--entries", type=int, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", required=True)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--formulaic", action="store_true",
                        help="open analyses and balancing statements with one shared legal formula")
    options = parser.parse_args()
    os.makedirs(os.path.join(options.out, "register"), exist_ok=True)
    with open(os.path.join(options.out, "site.yml"), "w", encoding="utf-8") as handle:
        handle.write(SITE_YML)
    chunk = 5000
    work = [(options.seed, options.out, lower, min(lower + chunk, options.entries + 1), options.formulaic)
            for lower in range(1, options.entries + 1, chunk)]
    if options.jobs > 1 and len(work) > 1:
        with multiprocessing.Pool(options.jobs) as pool:
            total = sum(pool.imap_unordered(write_range, work))
    else:
        total = sum(map(write_range, work))
    print(f"{total} entries in {options.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
