// The reference detects languages with langdetect; franc-min stands in for it here. It was
// chosen over tinyld by measurement on the 541 GPT-4 responses (docs/usability.md): tinyld has
// no model for Marathi, Nepali, Swahili, Punjabi or Malayalam, five of IFEval's 30 languages;
// franc-min lacks two (Finnish, Hebrew).
import { franc } from "franc-min";

// franc answers in ISO 639-3, naming the individual language where a macrolanguage exists
// (Standard Arabic, Iranian Persian, Swahili proper, Nepali proper); IFEval asks in ISO 639-1.
// The table holds exactly the languages both franc-min and langdetect know.
const ISO3_TO_1: Readonly<Record<string, string>> = {
  arb: "ar",
  bul: "bg",
  ben: "bn",
  ces: "cs",
  deu: "de",
  ell: "el",
  eng: "en",
  spa: "es",
  pes: "fa",
  fra: "fr",
  guj: "gu",
  hin: "hi",
  hrv: "hr",
  hun: "hu",
  ind: "id",
  ita: "it",
  jpn: "ja",
  kan: "kn",
  kor: "ko",
  mal: "ml",
  mar: "mr",
  npi: "ne",
  nld: "nl",
  pan: "pa",
  pol: "pl",
  por: "pt",
  ron: "ro",
  rus: "ru",
  som: "so",
  swh: "sw",
  tam: "ta",
  tel: "te",
  tha: "th",
  tgl: "tl",
  tur: "tr",
  ukr: "uk",
  urd: "ur",
  vie: "vi",
  cmn: "zh",
};

// langdetect can only ever answer one of its 55 language profiles; franc is limited to the ones
// of those it knows, so that it cannot pick a language (Bhojpuri for Hindi, say) the reference
// never would.
const LANGDETECT_LANGUAGES = Object.keys(ISO3_TO_1);

/** The ISO 639-1 codes the detector can answer. */
export const DETECTABLE_LANGUAGES: ReadonlySet<string> = new Set(Object.values(ISO3_TO_1));

/** Which library answers `detectLanguage` (reported in summaries). */
export const LANGUAGE_DETECTOR = "franc-min 6.2.0";

/**
 * The ISO 639-1 code of the text's language, or null when the text has no letters to judge — the case where langdetect raises and
 * the reference counts the instruction as followed. franc's own minimum length (10) is turned
 * off because langdetect guesses on short texts too.
 */
export function detectLanguage(text: string): string | null {
  const code = franc(text, { minLength: 1, only: LANGDETECT_LANGUAGES });
  return code === "und" ? null : (ISO3_TO_1[code] ?? null);
}
