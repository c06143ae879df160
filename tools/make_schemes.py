"""Write ontology/sectors.ttl and ontology/roles.ttl from the compact tables below.

Run by hand when a sector or role is added; the Turtle files are what the project reads.
"""
from __future__ import annotations

from pathlib import Path

HEADER = """@prefix jj:   <https://w3id.org/jejaring/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix {p}: <https://w3id.org/jejaring/id/{p}/> .

"""

# id, broader, label id, label en, alt labels (; separated)
SECTORS = """
ekonomi||Ekonomi|Economy|perekonomian;ekonomi daerah
umkm|ekonomi|UMKM|Micro, small and medium enterprises|usaha mikro kecil dan menengah;IKM;usaha kecil
koperasi|ekonomi|Koperasi|Cooperatives|
investasi|ekonomi|Investasi|Investment|penanaman modal
perdagangan|ekonomi|Perdagangan|Trade|pemasaran;pasar;distribusi;ritel
pembiayaan|ekonomi|Pembiayaan|Finance and credit|permodalan;akses modal;pinjaman;kredit
pengendalian-inflasi|ekonomi|Pengendalian inflasi|Inflation control|inflasi
ekspor|perdagangan|Ekspor|Export|
industri-kreatif|ekonomi|Industri kreatif|Creative industry|ekonomi kreatif;ekraf
kerajinan|industri-kreatif|Kerajinan|Crafts|kriya
batik|kerajinan|Batik|Batik|membatik
anyaman|kerajinan|Anyaman|Weaving|
kerajinan-marmer|kerajinan|Kerajinan marmer|Marble crafts|marmer
tenun|kerajinan|Tenun|Hand-woven textiles|kain tenun;songket
kuliner|industri-kreatif|Kuliner|Culinary|gastronomi;makanan olahan
musik|industri-kreatif|Musik|Music|studio musik
industri|ekonomi|Industri|Industry|perindustrian
pertanian||Pertanian|Agriculture|agrikultur;agro
hortikultura|pertanian|Hortikultura|Horticulture|buah;sayur
lidah-buaya|hortikultura|Lidah buaya|Aloe vera|aloe vera
peternakan|pertanian|Peternakan|Livestock|ternak
perkebunan|pertanian|Perkebunan|Plantations|
perikanan||Perikanan|Fisheries|kelautan dan perikanan
perikanan-budidaya|perikanan|Perikanan budidaya|Aquaculture|tambak;budidaya ikan
hasil-laut|perikanan|Hasil laut|Seafood|
pariwisata||Pariwisata|Tourism|wisata
pemberdayaan-masyarakat||Pemberdayaan masyarakat|Community empowerment|pemberdayaan
penanggulangan-kemiskinan|pemberdayaan-masyarakat|Penanggulangan kemiskinan|Poverty reduction|kemiskinan
kesejahteraan-sosial||Kesejahteraan sosial|Social welfare|lansia;kelompok rentan;perlindungan sosial
ketenagakerjaan||Ketenagakerjaan|Labour and employment|lapangan kerja;tenaga kerja
pekerja-migran|ketenagakerjaan|Pekerja migran|Migrant workers|PMI;pelindungan pekerja migran
kewirausahaan|ekonomi|Kewirausahaan|Entrepreneurship|wirausaha
pendidikan||Pendidikan|Education|pelatihan
pemerintahan||Tata kelola pemerintahan|Governance|pelayanan publik;inovasi daerah;birokrasi
pembangunan-daerah|pemerintahan|Pembangunan daerah|Regional development|pembangunan
kesehatan||Kesehatan|Health|
lingkungan||Lingkungan hidup|Environment|sampah;limbah
infrastruktur||Infrastruktur|Infrastructure|
pertambangan||Pertambangan|Mining|tambang
"""

ROLES = """
gubernur|Gubernur|Governor|
wakil-gubernur|Wakil Gubernur|Vice governor|wagub
bupati|Bupati|Regent|
wakil-bupati|Wakil Bupati|Vice regent|wabup
wali-kota|Wali Kota|Mayor|walikota
wakil-wali-kota|Wakil Wali Kota|Vice mayor|wawali;wakil walikota
sekretaris-daerah|Sekretaris Daerah|Regional secretary|sekda
asisten-daerah|Asisten Daerah|Assistant to the regional secretary|asisten
kepala-dinas|Kepala Dinas|Head of a regional office|kadis
kepala-badan|Kepala Badan|Head of a regional agency|
ketua-dprd|Ketua DPRD|Chair of the regional council|
wakil-ketua-dprd|Wakil Ketua DPRD|Vice chair of the regional council|
ketua-komisi|Ketua Komisi|Chair of a council commission|
anggota-dprd|Anggota DPRD|Member of the regional council|
ketua-dekranasda|Ketua Dekranasda|Chair of the crafts council|
wakil-ketua-dekranasda|Wakil Ketua Dekranasda|Vice chair of the crafts council|
menteri|Menteri|Minister|
wakil-menteri|Wakil Menteri|Vice minister|wamen
deputi|Deputi|Deputy (ministry)|
direktur|Direktur|Director|
ketua|Ketua|Chair|
ketua-komite|Ketua Komite|Committee chair|
ketua-umum|Ketua Umum|General chair|
"""


def esc(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def sectors() -> str:
    out = [HEADER.format(p="sector")]
    for line in SECTORS.strip().splitlines():
        ident, broader, label_id, label_en, alts = line.split("|")
        out.append(f"sector:{ident} a skos:Concept ;\n    skos:inScheme jj:SectorScheme ;\n    skos:notation \"{ident}\" ;\n")
        out.append(f"    skos:prefLabel \"{esc(label_id)}\"@id , \"{esc(label_en)}\"@en")
        for alt in filter(None, alts.split(";")):
            out.append(f" ;\n    skos:altLabel \"{esc(alt)}\"@id")
        if broader:
            out.append(f" ;\n    skos:broader sector:{broader}")
        else:
            out.append(" ;\n    skos:topConceptOf jj:SectorScheme")
        out.append(" .\n\n")
    return "".join(out)


def roles() -> str:
    out = [HEADER.format(p="role")]
    for line in ROLES.strip().splitlines():
        ident, label_id, label_en, alts = line.split("|")
        out.append(f"role:{ident} a skos:Concept ;\n    skos:inScheme jj:RoleScheme ;\n    skos:notation \"{ident}\" ;\n")
        out.append(f"    skos:prefLabel \"{esc(label_id)}\"@id , \"{esc(label_en)}\"@en")
        for alt in filter(None, alts.split(";")):
            out.append(f" ;\n    skos:altLabel \"{esc(alt)}\"@id")
        out.append(" .\n\n")
    return "".join(out)


if __name__ == "__main__":
    root = Path(__file__).resolve().parent.parent / "ontology"
    (root / "sectors.ttl").write_text(sectors(), encoding="utf-8")
    (root / "roles.ttl").write_text(roles(), encoding="utf-8")
