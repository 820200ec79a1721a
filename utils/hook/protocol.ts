/**
 * The MAIN-world hook and the ISOLATED bridge meet over CustomEvents on window.
 * Handshake (both sides "listen, then announce", so their start order does not matter):
 *   hook:   listens HELLO_BRIDGE, announces HELLO_HOOK
 *   bridge: listens HELLO_HOOK and SECRET, announces HELLO_BRIDGE (again whenever it hears HELLO_HOOK)
 *   hook, on the first HELLO_BRIDGE: answers SECRET with a random name and stops listening
 *   bridge, on the first SECRET: stops listening; from then on both talk on `${secret}:up` / `${secret}:down`.
 * It all happens synchronously at document_start, before any page script can listen.
 * Kept free of imports: the hook bundle must stay tiny.
 */
export const HELLO_HOOK = 'takeback:hello-hook';
export const HELLO_BRIDGE = 'takeback:hello-bridge';
export const SECRET = 'takeback:secret';
export const up = (secret: string) => `${secret}:up`;
export const down = (secret: string) => `${secret}:down`;

/** How long the fetch path may hold a response while the key is being saved. */
export const ACK_TIMEOUT_MS = 4000;
