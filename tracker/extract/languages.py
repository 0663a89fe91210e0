"""Reports in other languages, glossed into the English the extractor reads.

`gloss(text, language)` replaces, word for word, what the extractor looks for: the verbs
and nouns of a release, counts and their qualifiers, states (their names in that language
from pycountry's translations, inflected in Slavic languages), dates (month and weekday
names from dateparser's data for that language) and, for Cyrillic, every other word by its
Latin transliteration (anyascii), so that names are found. The rest stays as written: the
English rules find their way among foreign words as among an English report's asides.
Positions in the glossed text map back to the report (`Glossed.original`), so the draft's
evidence points at the report's own words.
"""

import bisect
import gettext
import re
from dataclasses import dataclass, field
from functools import lru_cache

import pycountry
from anyascii import anyascii

from ..reference.countries import country_name

# What the extractor reads, per language: a pattern (case-insensitive, whole words) and
# its English. Earlier entries win where two match at the same place.
_LEXICON: dict[str, list[tuple[str, str]]] = {
    "fr": [
        (r"a été libérée?", "was freed"), (r"ont été libérée?s", "were freed"), (r"sont libérée?s", "are freed"),
        (r"a été graciée?", "was pardoned"), (r"ont été graciée?s", "were pardoned"),
        (r"a été relâchée?", "was released"), (r"ont été relâchée?s", "were released"),
        (r"(?:a|ont) libéré", "freed"), (r"(?:a|ont) relâché", "released"), (r"(?:a|ont) gracié", "pardoned"),
        (r"en graciant|graciant", "pardoning"), (r"en libérant|libérant", "freeing"),
        (r"(?:a|ont) remis|remet|remettent", "handed over"), (r"libèrent|libère", "frees"), (r"gracient|gracie", "pardons"), (r"relâchent|relâche", "releases"),
        (r"remise?s? en liberté", "released"), (r"libérée?s?", "freed"), (r"graciée?s?", "pardoned"),
        (r"relâchée?s?", "released"), (r"libérations?", "release"), (r"grâce présidentielle", "presidential pardon"),
        (r"échange de prisonniers", "prisoner exchange"), (r"en échange d(?:e|es|u|['’])", "in exchange for"),
        (r"prisonniers politiques", "political prisoners"), (r"prisonnier politique", "political prisoner"),
        (r"prisonniers", "prisoners"), (r"prisonnier", "prisoner"), (r"détenue?s", "detainees"),
        (r"personnes", "people"), (r"otages", "hostages"), (r"condamnés", "convicts"),
        (r"ressortissante?s", "nationals"), (r"citoyens", "citizens"), (r"journalistes", "journalists"),
        (r"prêtres", "priests"), (r"plus d(?:e|['’])", "more than"), (r"au moins", "at least"),
        (r"environ|quelque", "about"), (r"près d(?:e|['’])", "nearly"), (r"médiation", "mediation"),
        (r"vers|à destination d(?:e|u|es|['’])", "to"), (r"deux", "two"), (r"trois", "three"), (r"quatre", "four"),
        (r"cinq", "five"), (r"huit", "eight"), (r"neuf", "nine"), (r"dix", "ten"),
        (r"(?:est |sont )?rentrée?s? en|(?:est |sont )?de retour en|(?:est |sont )?arrivée?s? (?:en|à)", "arrived in"),
        (r"transférée?s? (?:en|vers|à)|conduite?s? (?:en|vers|à)|expulsée?s? vers", "taken to"),
        (r"présidente?|chef de l['’]État", "president"), (r"envoyée? spéciale?|émissaire", "special envoy"),
        (r"pape", "Pope"), (r"roi", "King"), (r"le|la|les|l['’]", "the"),
        (r"Français|Française|Françaises", "French"), (r"Américaine?s", "Americans"), (r"Américaine?", "American"), (r"Allemande?s?", "German"),
        (r"Britanniques?", "British"), (r"Russes", "Russians"), (r"Russe", "Russian"),
        (r"Biélorusses", "Belarusians"), (r"Biélorusse", "Belarusian"),
        (r"Ukrainiens?|Ukrainiennes?", "Ukrainian"), (r"Iraniens?|Iraniennes?", "Iranian"),
        (r"Polonaise?s?", "Polish"), (r"Lituaniens?|Lituaniennes?", "Lithuanian"),
        (r"ils|elles", "they"), (r"a annoncé|annonce|ont annoncé|annoncent", "announced"), (r"détenue?s? (?:en|à|dans)", "held in"),
        (r"de|du|des|d['’]", "of"), (r"et", "and"), (r"dans|en", "in"), (r"par", "by"), (r"avec", "with"),
    ],
    "es": [
        (r"ha(?:n)? sido liberad[oa]s?", "have been freed"), (r"fue liberad[oa]", "was freed"), (r"fueron liberad[oa]s", "were freed"),
        (r"ha sido liberad[oa]", "has been freed"), (r"han sido liberad[oa]s", "have been freed"),
        (r"fue excarcelad[oa]", "was released"), (r"fueron excarcelad[oa]s", "were released"),
        (r"fue indultad[oa]", "was pardoned"), (r"fueron indultad[oa]s", "were pardoned"),
        (r"ha liberado|han liberado|liberó|liberaron", "freed"), (r"liberan|libera", "frees"),
        (r"excarcela|excarcelan", "releases"), (r"expulsó|expulsaron|desterró|desterraron", "expelled"),
        (r"expulsa|expulsan|destierra", "expels"), (r"entregó|entregaron|entrega", "handed over"),
        (r"excarceló|excarcelaron", "released"), (r"indultó|indultaron", "pardoned"),
        (r"puso en libertad|pusieron en libertad", "released"), (r"liberad[oa]s?", "freed"),
        (r"excarcelad[oa]s?", "released"), (r"indultad[oa]s?", "pardoned"),
        (r"liberación|excarcelación", "release"), (r"indulto", "pardon"),
        (r"canje de prisioneros|intercambio de prisioneros|canje|intercambio", "prisoner exchange"),
        (r"a cambio de", "in exchange for"), (r"presos políticos", "political prisoners"),
        (r"preso político", "political prisoner"), (r"presos|prisioneros", "prisoners"),
        (r"detenid[oa]s", "detainees"), (r"personas", "people"), (r"ciudadanos", "citizens"),
        (r"estadounidenses", "Americans"), (r"rehenes", "hostages"), (r"periodistas", "journalists"),
        (r"sacerdotes", "priests"), (r"más de", "more than"), (r"al menos", "at least"),
        (r"alrededor de|cerca de", "about"), (r"mediación", "mediation"), (r"hacia|rumbo a", "to"),
        (r"dos", "two"), (r"tres", "three"), (r"cuatro", "four"), (r"cinco", "five"), (r"seis", "six"),
        (r"siete", "seven"), (r"ocho", "eight"), (r"nueve", "nine"), (r"diez", "ten"),
        (r"lleg(?:ó|aron) a|arrib(?:ó|aron) a", "arrived in"),
        (r"trasladad[oa]s? a|enviad[oa]s? a|deportad[oa]s? a|expulsad[oa]s? a|desterrad[oa]s? a", "taken to"),
        (r"presidente?a?", "president"), (r"enviad[oa] especial", "special envoy"), (r"papa", "Pope"),
        (r"el|la|los|las", "the"), (r"franceses|francés|francesa", "French"), (r"alemanes|alemán|alemana", "German"),
        (r"británic[oa]s?", "British"), (r"rus[oa]s?", "Russian"), (r"bielorrus[oa]s?", "Belarusian"),
        (r"ucranian[oa]s?", "Ukrainian"), (r"irán?[ií]es|iraní", "Iranian"), (r"venezolan[oa]s?", "Venezuelan"),
        (r"nicaragüenses?", "Nicaraguan"), (r"cuban[oa]s?", "Cuban"),
        (r"a(?=\s+\d)", ""), (r"anuncia|anunció|anunciaron", "announced"), (r"del|de", "of"), (r"y", "and"), (r"en", "in"),
        (r"por", "by"), (r"con", "with"),
    ],
    "it": [
        (r"è stat[oa] liberat[oa]", "was freed"), (r"sono stat[ie] liberat[ie]", "were freed"),
        (r"è stat[oa] graziat[oa]", "was pardoned"), (r"sono stat[ie] graziat[ie]", "were pardoned"),
        (r"è stat[oa] rilasciat[oa]", "was released"), (r"sono stat[ie] rilasciat[ie]", "were released"),
        (r"ha liberato|hanno liberato", "freed"), (r"ha graziato|hanno graziato", "pardoned"),
        (r"ha rilasciato|hanno rilasciato|ha scarcerato|hanno scarcerato", "released"),
        (r"liberat[oaie]", "freed"), (r"rilasciat[oaie]|scarcerat[oaie]", "released"),
        (r"graziat[oaie]", "pardoned"), (r"liberazione|scarcerazione|rilascio", "release"),
        (r"grazia", "pardon"), (r"scambio di prigionieri|scambio", "prisoner exchange"),
        (r"in cambio di", "in exchange for"), (r"prigionieri politici|detenuti politici", "political prisoners"),
        (r"prigionieri", "prisoners"), (r"detenuti", "detainees"), (r"persone", "people"),
        (r"cittadini", "citizens"), (r"ostaggi", "hostages"), (r"giornalisti", "journalists"),
        (r"sacerdoti", "priests"), (r"più di|oltre", "more than"), (r"almeno", "at least"),
        (r"circa", "about"), (r"mediazione", "mediation"), (r"due", "two"), (r"tre", "three"),
        (r"quattro", "four"), (r"cinque", "five"), (r"sei", "six"), (r"sette", "seven"),
        (r"otto", "eight"), (r"nove", "nine"), (r"dieci", "ten"),
        (r"(?:è |sono )?(?:rientrat|arrivat|tornat)[oaie] in", "arrived in"),
        (r"trasferit[oaie] in|portat[oaie] in|espuls[oaie] in", "taken to"),
        (r"presidente", "president"), (r"inviat[oa] speciale", "special envoy"), (r"papa", "Pope"),
        (r"il|lo|la|gli|le|l['’]", "the"), (r"frances[ie]", "French"), (r"tedesc[oaih]+e?", "German"),
        (r"britannic[oaih]+e?", "British"), (r"russ[oaie]", "Russian"), (r"bielorussi?[oaie]", "Belarusian"),
        (r"ucrain[oaie]", "Ukrainian"), (r"iranian[oaie]", "Iranian"), (r"italian[oaie]", "Italian"),
        (r"annuncia|ha annunciato|annunciato", "announced"), (r"di|del|della|dei|degli|delle", "of"),
        (r"e", "and"), (r"da|dal|dalla", "by"), (r"con", "with"),
    ],
    "pt": [
        (r"foi libertad[oa]|foi liberad[oa]|foi solt[oa]", "was freed"),
        (r"foram libertad[oa]s|foram liberad[oa]s|foram solt[oa]s", "were freed"),
        (r"libertou|libertaram|liberou|liberaram|soltou|soltaram", "freed"),
        (r"indultou|indultaram", "pardoned"), (r"libertad[oa]s?|liberad[oa]s?", "freed"),
        (r"indultad[oa]s?", "pardoned"), (r"libertação|soltura", "release"), (r"indulto", "pardon"),
        (r"troca de prisioneiros|troca", "prisoner exchange"), (r"em troca de", "in exchange for"),
        (r"presos políticos", "political prisoners"), (r"presos|prisioneiros", "prisoners"),
        (r"detidos", "detainees"), (r"pessoas", "people"), (r"cidadãos", "citizens"),
        (r"reféns", "hostages"), (r"mais de", "more than"), (r"pelo menos", "at least"),
        (r"cerca de", "about"), (r"mediação", "mediation"), (r"dois|duas", "two"), (r"três", "three"),
        (r"quatro", "four"), (r"cinco", "five"), (r"seis", "six"), (r"sete", "seven"),
        (r"oito", "eight"), (r"nove", "nine"), (r"dez", "ten"),
        (r"cheg(?:ou|aram) (?:a|ao|aos|em)", "arrived in"), (r"enviad[oa]s? (?:para|a)|deportad[oa]s? para", "taken to"),
        (r"presidente", "president"), (r"enviad[oa] especial", "special envoy"), (r"papa", "Pope"),
        (r"os|as", "the"), (r"american[oa]s", "Americans"), (r"franceses|francês|francesa", "French"),
        (r"anuncia|anunciou", "announced"), (r"de|do|da|dos|das", "of"), (r"e", "and"), (r"em|no|na", "in"),
        (r"por|pelo|pela", "by"), (r"com", "with"),
    ],
    "de": [
        (r"wurde freigelassen|ist freigelassen worden|kam frei|kommt frei", "was freed"),
        (r"wurden freigelassen|sind freigelassen worden|kamen frei|kommen frei", "were freed"),
        (r"wurde begnadigt", "was pardoned"), (r"wurden begnadigt", "were pardoned"),
        (r"freigelassene?n?", "freed"), (r"ließen|ließ", "freed"), (r"begnadigte?n?|begnadigt", "pardoned"),
        (r"entlassen", "released"), (r"Freilassung", "release"), (r"Begnadigung", "pardon"),
        (r"Gefangenenaustausch(?:es)?|Austausch(?:es)?", "prisoner exchange"),
        (r"im Austausch (?:gegen|für)", "in exchange for"), (r"politischen? Gefangenen?", "political prisoners"),
        (r"Gefangenen?|Häftlinge", "prisoners"), (r"Menschen|Personen", "people"),
        (r"Staatsbürger|Bürger", "citizens"), (r"Geiseln", "hostages"), (r"Journalisten", "journalists"),
        (r"mehr als", "more than"), (r"mindestens", "at least"), (r"rund|etwa|ungefähr", "about"),
        (r"Vermittlung", "mediation"), (r"zwei", "two"), (r"drei", "three"), (r"vier", "four"),
        (r"fünf", "five"), (r"sechs", "six"), (r"sieben", "seven"), (r"acht", "eight"), (r"neun", "nine"),
        (r"zehn", "ten"),
        (r"Präsident(?:in|en)?|Staatschef", "president"), (r"Sondergesandte[nr]?|Gesandte[nr]?", "special envoy"),
        (r"Papst", "Pope"), (r"der|die|das|den|dem", "the"), (r"Deutsche[nr]?", "German"),
        (r"Amerikaner(?:in|innen)?|US-Bürger(?:in)?", "American"), (r"Franzosen?|Französin", "French"),
        (r"Russen|Russin", "Russian"), (r"Belarussen|Weißrussen", "Belarusian"),
        (r"und", "and"), (r"mit", "with"), (r"aus", "from"),
    ],
    "pl": [
        (r"został[ao]? uwolnion[yaie]|zostali uwolnieni|zostały uwolnione", "were freed"),
        (r"został[ao]? ułaskawion[yaie]|zostali ułaskawieni", "were pardoned"),
        (r"uwolnił[ao]?|uwolnili|uwolniły", "freed"), (r"uwolnion[yaie]|uwolnieni", "freed"),
        (r"ułaskawił[ao]?|ułaskawili", "pardoned"), (r"ułaskawion[yaie]|ułaskawieni", "pardoned"),
        (r"zwolnił[ao]?|zwolnili|wypuścił[ao]?|wypuścili", "released"),
        (r"zwolnion[yaie]|zwolnieni|wypuszczon[yaie]|wypuszczeni", "released"),
        (r"uwolnieni[eua]|zwolnieni[eua]", "release"), (r"ułaskawieni[eua]", "pardon"),
        (r"wymian[aiy] więźniów|wymian[aiy]", "prisoner exchange"), (r"w zamian za", "in exchange for"),
        (r"więźniów politycznych|więźniowie polityczni", "political prisoners"),
        (r"więźniów|więźniowie|więźniami", "prisoners"), (r"zatrzymanych|zatrzymani", "detainees"),
        (r"osób|osoby", "people"), (r"obywateli|obywatele", "citizens"), (r"zakładników", "hostages"),
        (r"dziennikarzy", "journalists"), (r"księży", "priests"), (r"ponad|więcej niż", "more than"),
        (r"co najmniej|przynajmniej", "at least"), (r"około", "about"), (r"mediacj[iaę]", "mediation"),
        (r"dwóch|dwie|dwaj|dwa", "two"), (r"trzech|trzy", "three"), (r"czterech|cztery", "four"),
        (r"pięciu|pięć", "five"), (r"sześciu|sześć", "six"), (r"siedmiu|siedem", "seven"),
        (r"ośmiu|osiem", "eight"), (r"dziewięciu|dziewięć", "nine"), (r"dziesięciu|dziesięć", "ten"),
        (r"(?:przekazan[iyae]|przewiezien[iyae]|trafili|trafił[ao]?|wrócili|wrócił[ao]?|przyjechali|przyjechał[ao]?|dotarli|dotarł[ao]?) do",
         "taken to"), (r"prezydent(?:a|em)?", "president"), (r"wysłannik(?:a|iem)?|specjalny wysłannik", "special envoy"),
        (r"papież(?:a)?", "Pope"), (r"Polacy|Polaków|Polak|Polka", "Poles"), (r"Amerykan(?:ie|ów|in|ka)", "Americans"),
        (r"Białorusini|Białorusinów", "Belarusians"), (r"Rosjan(?:ie)?|Rosjanin", "Russians"),
        (r"i", "and"), (r"w|we", "in"), (r"przez", "by"), (r"z|ze", "from"),
    ],
    "ru": [
        (r"был[аио]? освобожден[аыо]?|был[аио]? освобождён[аыо]?|освобождены|освобождён[аы]?|освобожден[аы]?",
         "were freed"), (r"вышл[аи] на свободу|вышел на свободу", "were freed"),
        (r"освободил[аи]?|освобождает|освобождают|освободят", "freed"),
        (r"помиловал[аи]?", "pardoned"), (r"помилован[аоы]?", "pardoned"),
        (r"отпустил[аи]?|выпустил[аи]?", "released"), (r"передал[аи]?|переда[её]т", "handed over"),
        (r"о помиловании", "pardoning"), (r"подписал[аи]? указ", "signed a decree"),
        (r"освобождени[еяюи]", "release"), (r"помиловани[еяюи]", "pardon"),
        (r"обмен[ае]? (?:заключ[её]нными|пленными|узниками)|обмен[ае]?", "prisoner exchange"),
        (r"в обмен на", "in exchange for"),
        (r"политзаключ[её]нн(?:ых|ые|ым)|политических заключ[её]нных|политических узников", "political prisoners"),
        (r"заключ[её]нн(?:ых|ые|ым)|осужд[её]нн(?:ых|ые|ым)|узников|узники", "prisoners"),
        (r"человек|людей", "people"), (r"гражда(?:н|нина|не|нами)", "citizens"), (r"заложник(?:ов|и)", "hostages"),
        (r"журналист(?:ов|ы)", "journalists"), (r"священник(?:ов|и)", "priests"),
        (r"более|больше", "more than"), (r"не менее|по меньшей мере|как минимум", "at least"),
        (r"около|порядка|почти", "about"), (r"посредничеств[оаеу]", "mediation"),
        (r"двух|два|две", "two"), (r"тр[её]х|три", "three"), (r"четыр[её]х|четыре", "four"),
        (r"пяти|пять", "five"), (r"шести|шесть", "six"), (r"семи|семь", "seven"),
        (r"восьми|восемь", "eight"), (r"девяти|девять", "nine"), (r"десяти|десять", "ten"),
        (r"(?:передан[ыао]?|прибыл[иао]?|вернул(?:ся|ись|ась)|доставлен[ыао]?|выехал[иао]?|вывезен[ыао]?|отправлен[ыао]?) (?:в|на)",
         "taken to"), (r"президент(?:а|ом|у)?", "president"), (r"спецпосланник(?:а|ом)?|специальн\w+ посланник\w*|посланник(?:а|ом)?", "special envoy"),
        (r"пап[аыу] римск\w+|понтифик\w*", "Pope"), (r"американц(?:ев|ы|а)|американец|американк[аи]", "Americans"),
        (r"граждан(?:ин|ка)? США", "US citizens"), (r"иностранц(?:ев|ы)", "foreigners"),
        (r"и", "and"), (r"в|во", "in"), (r"из", "from"), (r"с|со", "with"),
    ],
    "uk": [
        (r"був звільнений|була звільнена|були звільнені|звільнен[іаио]|звільнений", "were freed"),
        (r"звільнил[аи]|звільнив|звільняє", "freed"), (r"передал[аи]|передав", "handed over"), (r"помилувал[аи]|помилував", "pardoned"),
        (r"помилуван[іаий]|помилуваний", "pardoned"), (r"звільнення", "release"), (r"помилування", "pardon"),
        (r"обмін[уі]? (?:полоненими|в['’]язнями)|обмін[уі]?", "prisoner exchange"), (r"в обмін на", "in exchange for"),
        (r"політв['’]язнів|політичних в['’]язнів", "political prisoners"),
        (r"в['’]язнів|ув['’]язнених|засуджених", "prisoners"), (r"громадян(?:ина|и)?", "citizens"),
        (r"людей|осіб", "people"), (r"понад|більше ніж|більш ніж", "more than"),
        (r"щонайменше|принаймні", "at least"), (r"близько|майже", "about"),
        (r"посередництв[оау]", "mediation"), (r"двох|два|дві", "two"), (r"трьох|три", "three"),
        (r"чотирьох|чотири", "four"), (r"п['’]ятьох|п['’]ять", "five"), (r"десятьох|десять", "ten"),
        (r"(?:передан[іоа]|прибули|прибув|повернул(?:ися|ася|ся)|доставлен[іоа]) (?:до|в|на)", "taken to"),
        (r"президент(?:а|ом|у)?", "president"), (r"спецпосланц?(?:ем|я|ець)|посланц?(?:ем|я|ець)", "special envoy"),
        (r"українц(?:ів|і)|українець", "Ukrainians"), (r"громадян(?:и|ин)? України", "Ukrainian citizens"),
        (r"іноземц(?:ів|і)", "foreigners"),
        (r"і|й|та", "and"), (r"в|у", "in"), (r"з|із", "from"),
    ],
}
# Everyday names of states that the translations of the ISO names leave out.
_STATE_NAMES: dict[str, dict[str, list[str]]] = {
    "fr": {"BY": ["Biélorussie"], "RU": ["Russie"], "US": ["USA"], "VE": ["Venezuela"]},
    "es": {"RU": ["Rusia"], "US": ["EE\\.? ?UU\\.?", "EUA"], "IR": ["Irán"]},
    "it": {"US": ["USA"]},
    "pt": {"RU": ["Rússia"], "US": ["EUA"], "IR": ["Irã"]},
    "de": {"RU": ["Russland"], "US": ["USA"], "BY": ["Weißrussland"]},
    "pl": {"RU": ["Rosj[aię]"], "US": ["USA"]},
    "ru": {"BY": ["Белорусси[яиюей]"], "RU": ["Росси[яиюей]"], "US": ["США", "Соедин[её]нн\\w* Штат\\w*"]},
    "uk": {"RU": ["Росі[яїю]"], "US": ["США", "Сполучен\\w* Штат\\w*"]},
}
_INFLECTED = {"ru", "uk", "pl"}  # languages whose state names take endings ("Беларуси", "Białorusi")
_CYRILLIC_WORD = re.compile(r"[\u0400-\u04FF][\u0400-\u04FF'’-]*")


class UnknownLanguage(ValueError):
    """A language `gloss` does not read."""


@dataclass
class Glossed:
    """The glossed text, and where each of its replacements came from in the report."""

    text: str
    spans: list[tuple[int, int, int, int]] = field(default_factory=list)  # glossed start, end; report start, end

    def original(self, position: int) -> int:
        """The report's position of a position in the glossed text."""
        index = bisect.bisect_right([span[0] for span in self.spans], position) - 1
        if index < 0:
            return position
        start, end, original_start, original_end = self.spans[index]
        if position < end:
            return original_start if position == start else min(original_start + position - start, original_end)
        return original_end + position - end


def languages() -> list[str]:
    """The languages other than English that `gloss` reads."""
    return sorted(_LEXICON)


def gloss(text: str, language: str) -> Glossed:
    """The report with what the extractor reads put in English (see the module's doc)."""
    pattern, replacements = _compiled(language)
    parts, spans, position, written = [], [], 0, 0
    for match in pattern.finditer(text):
        english = _english(match, replacements, language)
        if english is None or english == match.group():
            continue
        if match.group()[-1] in "'’":  # "l’Iran": the article was joined to the word
            english += " "
        parts.append(text[position:match.start()])
        written += match.start() - position
        spans.append((written, written + len(english), match.start(), match.end()))
        parts.append(english)
        written += len(english)
        position = match.end()
    parts.append(text[position:])
    return Glossed("".join(parts), spans)


def _english(match: re.Match, replacements: list, language: str) -> str | None:
    kind = match.lastgroup
    if kind == "date":
        month = _month_number(match["month"], language)
        year = f" {match['year']}" if match["year"] else ""
        return f"{int(match['day'])} {_MONTHS[month - 1].capitalize()}{year}" if month else None
    if kind == "weekday":
        name = _weekday_name(match["day_name"], language)
        return f"on {name}" if name and match["on"] else name
    if kind == "cyrillic":
        return anyascii(match.group())
    for index, (_, english) in enumerate(replacements):
        if match[f"w{index}"] is not None:
            return english
    return None


_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@lru_cache(maxsize=None)
def _calendar_words(language: str) -> tuple[dict[str, int], dict[str, str]]:
    """Month and weekday names of a language, as dateparser knows them (full names only:
    abbreviations are ordinary words elsewhere)."""
    from dateparser.languages.loader import default_loader

    info = default_loader.get_locale(language).info
    months = {name.lower(): number for number, month in enumerate(_MONTHS, 1)
              for name in info.get(month, []) if len(name) >= 4}
    weekdays = {name.lower(): day.capitalize() for day in _WEEKDAYS
                for name in info.get(day, []) if len(name) >= 5}
    return months, weekdays


def _month_number(word: str, language: str) -> int | None:
    return _calendar_words(language)[0].get(word.lower())


def _weekday_name(word: str, language: str) -> str | None:
    weekdays = _calendar_words(language)[1]
    word = word.lower()
    # "в среду", "w środę": a weekday after a preposition takes an ending
    return weekdays.get(word) or next((english for name, english in weekdays.items()
                                       if language in _INFLECTED and word[:4] == name[:4]), None)


def _state_names(language: str) -> list[tuple[str, str]]:
    """Each state's names in a language (pattern, English name), longest first."""
    translation = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True)
    names = []
    for country in pycountry.countries:
        written = {translation.gettext(getattr(country, attribute)).split(",")[0].strip()
                   for attribute in ("name", "common_name", "official_name") if hasattr(country, attribute)}
        for name in written:
            if len(name) >= 4:
                names.append((_inflectable(name, language), country.alpha_2))
        names += [(extra, country.alpha_2) for extra in _STATE_NAMES.get(language, {}).get(country.alpha_2, [])]
    names.sort(key=lambda item: -len(item[0]))
    return [(pattern, country_name(code)) for pattern, code in names]


def _inflectable(name: str, language: str) -> str:
    words = [re.escape(word) for word in name.split()]
    if language in _INFLECTED:
        # "Беларусь" → "Беларуси", "Литва" → "Литвы", "Białoruś" → "Białorusi"
        words = [word[:-1] + r"\w{0,3}" if len(word) > 4 and word[-1].lower() in "аяьйоеыиaeyioąęś" else word + r"\w{0,3}"
                 for word in words]
    return r"\s+".join(words)


@lru_cache(maxsize=None)
def _compiled(language: str) -> tuple[re.Pattern, list[tuple[str, str]]]:
    if language not in _LEXICON:
        raise UnknownLanguage(f"{language!r} is not a language the extractor reads; accepted: en, {', '.join(languages())}")
    replacements = _LEXICON[language] + _state_names(language)
    months, weekdays = _calendar_words(language)
    month_words = "|".join(sorted(map(re.escape, months), key=len, reverse=True))
    weekday_words = "|".join(sorted({re.escape(name[:4]) + r"\w*" if language in _INFLECTED else re.escape(name)
                                     for name in weekdays}, key=len, reverse=True))
    alternatives = [
        # "11 septembre 2025", "11 de septiembre de 2025", "11. September 2025", "11 вересня"
        rf"(?P<date>(?P<day>\d{{1,2}})(?:er|º|\.)?\s+(?:de\s+)?(?P<month>{month_words})(?:\s+(?:de\s+)?(?P<year>(?:19|20)\d\d))?)",
        # "am Dienstag", "во вторник", "el martes": on Tuesday
        rf"(?P<weekday>(?P<on>(?:в|во|у|w|we|am|el|il|lo|le|na|no)\s+)?(?P<day_name>{weekday_words}))",
        *(rf"(?P<w{index}>{pattern})" for index, (pattern, _) in enumerate(replacements)),
    ]
    if language in ("ru", "uk"):
        alternatives.append(rf"(?P<cyrillic>{_CYRILLIC_WORD.pattern})")
    # a word ends where no letter follows, or at an elided article ("d’un")
    return re.compile(r"(?<![\w'’])(?:" + "|".join(alternatives) + r")(?:(?<=['’])|(?!\w))", re.I), replacements
