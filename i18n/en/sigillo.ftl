# Sigillo — English user interface texts.

## PEC message kinds
kind-posta-certificata = Certified mail
kind-anomalia = Anomaly (not certified)
kind-accettazione = Acceptance receipt
kind-non-accettazione = Non-acceptance notice
kind-presa-in-carico = Take-over receipt
kind-avvenuta-consegna = Delivery receipt
kind-errore-consegna = Non-delivery notice
kind-preavviso-errore-consegna = Delivery timeout notice
kind-rilevazione-virus = Virus detection notice
kind-ordinaria = Ordinary mail (not PEC)
kind-illeggibile = Unreadable

receipt-completa = complete
receipt-breve = short
receipt-sintetica = summary

recipient-certificato = certified
recipient-esterno = external (outside PEC: no delivery receipt)

## Warnings about a message
warn-outer-header-differs = The unsigned header “{ $field }” says “{ $outer }”, but the certified data say “{ $certified }”: the certified data prevail.
warn-kind-mismatch = The header declares “{ $header }” but the certified data (daticert.xml) say “{ $daticert }”: the certified data prevail.
warn-missing-daticert = A “{ $kind }” message must carry certification data (daticert.xml), and this one does not.
warn-missing-subject-prefix = The subject does not start with “{ $expected }” as the PEC rules prescribe.
warn-pec-headers-missing = The PEC headers (X-Trasporto / X-Ricevuta) are missing: the kind “{ $daticert }” comes from the certified data alone.
warn-unknown-header-value = The { $header } header has a value the PEC rules do not define: “{ $value }”.
warn-conflicting-headers = The message has both X-Trasporto and X-Ricevuta: it is not a regular PEC message.
warn-unknown-daticert-tipo = The certified data have a missing or unknown type: “{ $value }”.
warn-duplicate-daticert = The message holds { $count } daticert.xml files at the same level: the first one was used.
warn-missing-original = A “{ $kind }” message should carry the original message (postacert.eml), and this one does not.
warn-rewrapped = The signed envelope was re-wrapped by a third party (for example a mailing list): the outer headers are not the provider's.
warn-provider-only = “{ $kind }” messages are exchanged between providers and normally never reach a user.
warn-virus-reported = The provider reported a virus in this message.
warn-final-timeout = Final notice (code 5.4.1): the message was not delivered within 24 hours and the transmission ended with a negative outcome.
warn-consegna-not-a-recipient = The delivery address “{ $consegna }” is not among the certified recipients.
warn-contains-forwarded-pec = This message is not PEC but carries { $count } PEC messages forwarded as attachments.
warn-damaged-structure = The MIME structure of the message is damaged: some parts may be missing.
warn-daticert-recovered = The certification data are not correct XML; what could be recovered was recovered: { $detail }.

## daticert.xml problem details
daticert-invalid-utf8 = bytes that are not UTF-8 were replaced
daticert-control-characters = control characters removed from “{ $field }”
daticert-invalid-char-reference = invalid character reference { $reference } ignored
daticert-unknown-entity = entity “{ $name }” not expanded
daticert-not-well-formed = broken markup ({ $detail })
daticert-stray-text = stray text “{ $text }”
daticert-truncated = field “{ $field }” cut because it was too long
daticert-too-large = a { $bytes }-byte file, only its beginning was read
daticert-wrong-root = the root element is “{ $name }” instead of “postacert”
daticert-bad-date = the date and time cannot be read
daticert-unknown-attribute-value = value “{ $value }” not allowed for “{ $attribute }”
daticert-missing-element = the element “{ $element }” is missing

## Command line
cli-file = File
cli-kind = Kind
cli-receipt-type = Receipt type
cli-subject = Subject
cli-sender = Sender
cli-recipients = Recipients
cli-provider = Provider
cli-date = Certified date
cli-pec-id = PEC identifier
cli-client-msgid = Sender's Message-ID
cli-delivered-to = Delivered to
cli-error = Error
cli-original = Original message
cli-attachments = Attachments
cli-warnings = Warnings
cli-none = none
cli-error-read = cannot read { $path }: { $reason }
cli-size-bytes = { $size } bytes

## Provider signature
status-valid = Valid signature
status-tampered = Tampered
status-untrusted = Signer not recognised
status-expired = Certificate expired at signing
status-unsigned = No provider signature
status-malformed = Unreadable signature
status-valid-explained = The provider signature is intact and the provider is recognised by the trust list at signing time.
status-tampered-explained = The content does not match the signature: the message was changed after signing and is no proof.
status-untrusted-explained = The signature is intact, but the signer is not a PEC provider recognised by the trust list.
status-expired-explained = The provider certificate was not valid when the message was signed.
status-unsigned-explained = The message carries no PEC provider signature: its content is not certified.
status-malformed-explained = There is a signature but it cannot be read: the content cannot be considered certified.
time-source-signing-time = signing time (signed)
time-source-daticert = certification data date (signed)
time-source-date-header = Date header (not signed)
time-source-now = current time (the message does not say when it was signed)
verify-signing-time = Checked at { $time } ({ $source })
note-expired-since-signing = The provider certificate expired on { $date }, after signing: the signature stays valid.
note-revocation-not-checked = Revocation was not checked (no revocation list available offline).
note-revoked = The provider certificate is revoked since { $date }.
note-provider-mismatch = The signer ({ $signer }) is not the provider named in the certified data ({ $gestore }).
note-sender-mismatch = The signer's address ({ $signer }) is not the sender of the message ({ $from }).

## Trust list
trust-enabled = enabled
trust-disabled = disabled
trust-source-builtin = built in
trust-source-user = added
trust-source-extra = this run only
trust-validity = valid from { $from } to { $to }
trust-crl-count = Revocation lists: { $count }
trust-added = Added to the trust list: { $subject }
trust-added-crl = Added the revocation list of { $issuer }
trust-removed = Removed from the trust list: { $subject }
trust-not-found = No trusted authority has a fingerprint starting with { $fingerprint } (give at least 8 hex digits).
trust-ambiguous = { $fingerprint } matches more than one authority: give more digits of the fingerprint.
cli-error-not-certificate = { $path } holds no certificate or revocation list (PEM or DER).
cli-error-no-profile = Cannot find the profile folder: give it with --profile.

## Signed documents (.p7m)
p7m-status-valid = Valid signature
p7m-status-intact-not-checked = Signature intact, signer not checked
p7m-status-untrusted = Signer not recognised
p7m-status-expired = Certificate not valid at signing
p7m-status-malformed = Unreadable signature
p7m-status-tampered = Document tampered with
p7m-status-valid-explained = The document is intact and every signer has a certificate issued by a certification authority of your trust list, valid at signing time.
p7m-status-intact-not-checked-explained = The document was not changed after signing, but you have not imported a qualified-signature trust list: the name and fiscal code shown come from the certificate and were NOT checked. Import it with "sigillo p7m trust-import".
p7m-status-untrusted-explained = The document is intact, but the signer's certificate was not issued by a qualified certification authority of your trust list (or it was not qualified at signing time, or it is not a signing certificate).
p7m-status-expired-explained = The document is intact, but the signer's certificate was not valid at signing time.
p7m-status-malformed-explained = A signature is present but cannot be read or breaks the CMS rules: the document cannot be considered signed.
p7m-status-tampered-explained = The document does not match the signature: it was changed after signing and has no value.
p7m-time-signing-time = signing time declared by the signer's software
p7m-time-pec-delivery = certified delivery time of the PEC message that carried it
p7m-time-given = time given by you
p7m-time-now = current time (the signature does not say when it was made)
p7m-note-no-trust-list = No qualified-signature trust list imported: the signer was not checked.
p7m-note-signing-time-declared = The signing time is declared by the signer, not certified by a timestamp.
p7m-note-timestamp-not-checked = The signature carries a timestamp, which was not checked.
p7m-note-expired-since-signing = The signer's certificate expired on { $date }, after signing: the signature remains valid.
p7m-note-revocation-not-checked = Certificate revocation was not checked (Sigillo works offline).
p7m-warn-name-mismatch = The file name says ".{ $declared }" but the content is "{ $detected }": open it with care.
p7m-warn-layer-count = The file name announces { $named } signature layers, the file has { $found }.
p7m-error-not-signed = The file is not a signed document (CAdES / .p7m): it holds no CMS signature structure.
p7m-error-detached = The signature does not contain the document (detached signature): the signed file is not inside.
p7m-error-too-deep = The document is signed in more than { $max } nested layers: refused.
p7m-error-write = Cannot write { $path }: { $reason }
p7m-error-no-free-name = The folder { $dir } already holds { $name } and too many numbered copies.
p7m-error-bad-time = "{ $time }" is not an RFC 3339 date and time (for example 2024-05-31T10:00:00+02:00).
p7m-trust-error-not-certificate = { $path } holds neither certificates (PEM or DER) nor an ETSI trusted list (XML).
p7m-trust-error-list = { $path } is not a readable trusted list: { $reason }
p7m-trust-error-no-service = { $path } lists no certification authority issuing qualified signature certificates.
p7m-document = Document: { $name } ({ $type }, { $size } bytes), signature layers: { $layers }
p7m-signer = Signer { $n } (layer { $layer }): { $name }
p7m-countersigner = Counter-signature { $n } (of signature { $of }): { $name }
p7m-fiscal-code = Fiscal code: { $code }
p7m-organization = Organisation: { $name }
p7m-issuer = Certificate issued by { $issuer } ({ $listed })
p7m-issuer-listed = in the trust list
p7m-issuer-not-listed = not in the trust list
p7m-issuer-not-checked = not checked
p7m-trust-service = Qualified trust service provider: { $name }
p7m-extract-refused = The document was not saved because the signature is not intact; use --force to save it anyway.
p7m-extract-saved = Document saved to { $path }
p7m-trust-imported-pem = Signature trust list: { $count } certificates imported.
p7m-trust-imported-list = Trusted list { $territory } no. { $sequence }: { $count } qualified certification authorities imported ({ $skipped } services of other types ignored).
p7m-trust-unreadable = { $count } certificates of the list cannot be read and were ignored.
p7m-trust-list-signature-not-checked = The trusted list's own signature was not checked: import only a list downloaded from the official source.
