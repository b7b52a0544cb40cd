// The reference detects languages with langdetect; franc-min stands in for it here. It was
// chosen over tinyld by measurement on the 541 GPT-4 responses (docs/usability.md): tinyld has
// no model for Marathi, Nepali, Swahili, Punjabi or Malayalam, five of IFEval's 30 languages;
// franc-min lacks two (Finnish, Hebrew).
import { franc } from "franc-min";

// franc answers in ISO 639-3, naming the individual language where a macrolanguage exists
// (Standard Arabic, Iranian Persian, Swahili proper, Nepali proper); IFEval asks in ISO 639-1.
const ISO3_TO_1: Readonly<Record<string, string>> = {
  eng: "en", spa: "es", por: "pt", arb: "ar", hin: "hi", fra: "fr", rus: "ru", deu: "de", jpn: "ja", ita: "it",
  ben: "bn", ukr: "uk", tha: "th", urd: "ur", tam: "ta", tel: "te", bul: "bg", kor: "ko", pol: "pl", pes: "fa",
  vie: "vi", npi: "ne", swh: "sw", kan: "kn", mar: "mr", guj: "gu", pan: "pa", mal: "ml", nld: "nl", ron: "ro",
  tur: "tr", ces: "cs", hun: "hu", swe: "sv", ind: "id", zlm: "ms", tgl: "tl", hrv: "hr", srp: "sr", bos: "bs",
  bel: "be", kaz: "kk", uzn: "uz", azj: "az", som: "so", hau: "ha", yor: "yo", ibo: "ig", zul: "zu", cmn: "zh",
  ell: "el", amh: "am", mya: "my", sin: "si", jav: "jv", sun: "su", kin: "rw", run: "rn", nya: "ny", lin: "ln",
  pbu: "ps", plt: "mg", ckb: "ku",
};

// langdetect can only ever answer one of its 55 language profiles; franc is limited to the ones
// of those it knows, so that it cannot pick a language (Bhojpuri for Hindi, say) the reference
// never would.
const LANGDETECT_LANGUAGES = [
  "arb", "bul", "ben", "ces", "deu", "ell", "eng", "spa", "pes", "fra", "guj", "hin", "hrv", "hun", "ind", "ita", "jpn", "kan", "kor",
  "mal", "mar", "npi", "nld", "pan", "pol", "por", "ron", "rus", "som", "swh", "tam", "tel", "tha", "tgl", "tur", "ukr", "urd", "vie", "cmn",
];

/** The ISO 639-1 codes the detector can answer. */
export const DETECTABLE_LANGUAGES: ReadonlySet<string> = new Set(LANGDETECT_LANGUAGES.map((c) => ISO3_TO_1[c] ?? c));

/** Which library answers `detectLanguage` (reported in summaries). */
export const LANGUAGE_DETECTOR = "franc-min 6.2.0";

/**
 * The ISO 639-1 code of the text's language (or franc's ISO 639-3 code when it has no 639-1
 * one), or null when the text has no letters to judge — the case where langdetect raises and
 * the reference counts the instruction as followed. franc's own minimum length (10) is turned
 * off because langdetect guesses on short texts too.
 */
export function detectLanguage(text: string): string | null {
  const code = franc(text, { minLength: 1, only: LANGDETECT_LANGUAGES });
  return code === "und" ? null : (ISO3_TO_1[code] ?? code);
}
