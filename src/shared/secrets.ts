/**
 * Replaces every configured secret (and its Basic-auth and URL-encoded forms) with ***.
 * Used on everything that leaves the process: logs, transcript, summary, PR body, ticket comment.
 */
export class SecretMasker {
  private readonly needles: string[];

  constructor(secrets: readonly string[]) {
    const forms = new Set<string>();
    for (const secret of secrets) {
      if (secret.length < 4) continue; // too short to mask without wrecking ordinary text
      forms.add(secret);
      forms.add(encodeURIComponent(secret));
      forms.add(Buffer.from(secret).toString('base64'));
      forms.add(Buffer.from(`PAT:${secret}`).toString('base64'));
      forms.add(Buffer.from(`:${secret}`).toString('base64'));
      forms.add(Buffer.from(`x-access-token:${secret}`).toString('base64'));
    }
    // Longest first, so a secret that contains another is masked whole.
    this.needles = [...forms].sort((a, b) => b.length - a.length);
  }

  mask(text: string): string {
    let out = text;
    for (const needle of this.needles) out = out.split(needle).join('***');
    return out;
  }
}

/** A URL's user information (`scheme://user:pass@`, `scheme://token@`): a credential in a text. */
const URL_USERINFO = /([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@]+@/gi;

/** True when the text holds a URL with user information. */
export function holdsUrlCredentials(text: string): boolean {
  return new RegExp(URL_USERINFO.source, 'i').test(text);
}

/** The text with the user information cut from every URL in it. */
export function withoutUrlCredentials(text: string): string {
  return text.replace(URL_USERINFO, '$1');
}
