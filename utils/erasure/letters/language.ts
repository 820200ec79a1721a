import type { ReasonCode } from '../../deletion';
import type { AdminTopic, LetterKind, SentVia } from '../types';

/** What a language's sentences may depend on; dates are already written out in the language. */
export interface Facts {
  /** Exactly one file in the letter (singular wording). */
  one: boolean;
  /** Exactly one instance (one controller). */
  oneController: boolean;
  /** The instances' host names as a list in the language ("a.example and b.example"). */
  hosts: string;
  lemmy: boolean;
  matrix: boolean;
  /** An admin appendix follows the letter. */
  appendix: boolean;
  /** Some instance in the list says why the user could not delete the files. */
  reasons: boolean;
  written: string;
  due: string;
  /** Follow-up and complaint only (empty in an erasure letter). */
  sent: string;
  via?: SentVia;
  replyBy: string;
  followUp?: string;
}

export interface Labels {
  to: string;
  date: string;
  alias: string;
  mxc: string;
  fileName: string;
  type: string;
  uploaded: string;
  account: string;
  myAccount: string;
  room: string;
  event: string;
  redacted: string;
  /** A whole line on its own, not "label: value". */
  encrypted: string;
  sentTo: string;
}

/** The words of one letter language. Layout (lists, headings, appendix) is shared in ./index.ts. */
export interface Language {
  /** BCP 47 locale for dates and lists. */
  locale: string;
  /** Between a label and its value: ": ", or " : " in French typography. */
  colon: string;
  /** Adjusts a written-out date, e.g. French "1 mars" → "1er mars". */
  fixDate?: (date: string) => string;
  subject: Record<LetterKind, (f: Facts) => string>;
  greeting: string;
  authorityGreeting: string;
  closing: string;
  labels: Labels;
  headings: {
    files: string;
    filesConcerned: string;
    appendix: string;
    whyNot: (one: boolean) => string;
  };
  reasons: Partial<Record<ReasonCode, string>>;
  topics: Record<AdminTopic, string>;
  appendixIntro: (hasVariables: boolean) => string;
  /** Paragraphs (or Markdown lists) between the greeting and the item list. */
  erasure: (f: Facts) => string[];
  followUp: (f: Facts) => string[];
  /** `controllers`: the rendered list of instances (and recipient), to be placed under the controller heading. */
  complaint: (f: Facts, controllers: string) => string[];
}
