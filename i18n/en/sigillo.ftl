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
cli-error-store = the message store cannot be used: { $reason }
cli-pending = not yet analysed
cli-unverified = not verified
cli-size = Size (bytes)
cli-sha256 = SHA-256
cli-signature = Provider signature
cli-copies = Found in
cli-timeline = Outcome per recipient
cli-timeline-from-receipts = (the sent message is not in the store: outcome rebuilt from the receipts)
cli-acceptance = Acceptance
cli-timeline-receipts = receipts { $ids }
cli-reindex-progress = Re-analysing: { $done } of { $total } messages
cli-reindex-done = Re-analysed { $messages } messages ({ $unreadable } unreadable); { $timelines } sent PECs with a per-recipient outcome.
cli-import-progress = Importing: { $messages } messages read ({ $percent }%)
cli-import-skipped-file = skipped (does not look like mail): { $path }
cli-import-summary = Import finished.
cli-import-read = Messages read
cli-import-imported = New in the store
cli-import-duplicates = Already there (duplicates)
cli-import-unreadable = Unreadable (kept anyway)
cli-import-resumed = Completed from an interrupted import
cli-import-skipped = Files skipped
cli-import-errors = Read errors
cli-import-time = Time
cli-pending-note = { $count } messages still wait for their analysis (an interrupted import or reindex) and may be missing from searches and timelines: run “sigillo reindex”.

## Outcome per recipient of a sent PEC
state-in-attesa = waiting for acceptance
state-accettato = accepted by the provider, waiting for delivery
state-non-accettato = not accepted by the provider
state-consegnato = delivered
state-errore-consegna = delivery error
state-preavviso = not yet delivered after 12 hours (early warning)
state-virus = not delivered: virus
state-esterno = external recipient (not PEC): accepted, no delivery receipt will ever come
state-in-ritardo = late: no delivery receipt in time
