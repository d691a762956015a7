# Sigillo — testi dell'interfaccia in italiano (lingua predefinita).

## Tipi di messaggio PEC
kind-posta-certificata = Posta certificata
kind-anomalia = Anomalia (non certificato)
kind-accettazione = Ricevuta di accettazione
kind-non-accettazione = Avviso di non accettazione
kind-presa-in-carico = Ricevuta di presa in carico
kind-avvenuta-consegna = Ricevuta di avvenuta consegna
kind-errore-consegna = Avviso di mancata consegna
kind-preavviso-errore-consegna = Avviso di mancato recapito nei tempi
kind-rilevazione-virus = Avviso di rilevazione virus
kind-ordinaria = Posta ordinaria (non PEC)
kind-illeggibile = Illeggibile

receipt-completa = completa
receipt-breve = breve
receipt-sintetica = sintetica

recipient-certificato = certificato
recipient-esterno = esterno (fuori dal circuito PEC: nessuna ricevuta di consegna)

## Avvisi sul messaggio
warn-outer-header-differs = L'intestazione «{ $field }» fuori dalla firma dice «{ $outer }», ma i dati certificati dicono «{ $certified }»: vale il dato certificato.
warn-kind-mismatch = L'intestazione dichiara «{ $header }» ma i dati certificati (daticert.xml) dicono «{ $daticert }»: vale il dato certificato.
warn-missing-daticert = Un messaggio di tipo «{ $kind }» deve contenere i dati di certificazione (daticert.xml), ma questo non li contiene.
warn-missing-subject-prefix = L'oggetto non inizia con «{ $expected }» come prescrivono le regole PEC.
warn-pec-headers-missing = Mancano le intestazioni PEC (X-Trasporto / X-Ricevuta): il tipo «{ $daticert }» è ricavato dai soli dati certificati.
warn-unknown-header-value = L'intestazione { $header } ha un valore non previsto dalle regole PEC: «{ $value }».
warn-conflicting-headers = Il messaggio ha sia X-Trasporto sia X-Ricevuta: non è un messaggio PEC regolare.
warn-unknown-daticert-tipo = I dati certificati hanno un tipo mancante o sconosciuto: «{ $value }».
warn-duplicate-daticert = Il messaggio contiene { $count } file daticert.xml allo stesso livello: è stato usato il primo.
warn-missing-original = Un messaggio di tipo «{ $kind }» dovrebbe contenere il messaggio originale (postacert.eml), ma non lo contiene.
warn-rewrapped = La busta firmata è stata reimpacchettata da terzi (per esempio una mailing list): le intestazioni esterne non sono quelle del gestore.
warn-provider-only = I messaggi di tipo «{ $kind }» sono scambiati tra gestori e di norma non arrivano all'utente.
warn-virus-reported = Il gestore ha segnalato un virus in questo messaggio.
warn-final-timeout = Avviso definitivo (codice 5.4.1): il messaggio non è stato consegnato entro 24 ore e la trasmissione si è conclusa con esito negativo.
warn-consegna-not-a-recipient = L'indirizzo di consegna «{ $consegna }» non è tra i destinatari certificati.
warn-contains-forwarded-pec = Il messaggio non è PEC ma contiene { $count } messaggi PEC inoltrati come allegato.
warn-damaged-structure = La struttura MIME del messaggio è danneggiata: alcune parti potrebbero mancare.
warn-daticert-recovered = I dati di certificazione non sono XML corretto; recuperato il possibile: { $detail }.

## Dettagli dei problemi di daticert.xml
daticert-invalid-utf8 = caratteri non UTF-8 sostituiti
daticert-control-characters = caratteri di controllo rimossi da «{ $field }»
daticert-invalid-char-reference = riferimento a carattere non valido { $reference } ignorato
daticert-unknown-entity = entità «{ $name }» non espansa
daticert-not-well-formed = markup non valido ({ $detail })
daticert-stray-text = testo fuori posto «{ $text }»
daticert-truncated = campo «{ $field }» troncato perché troppo lungo
daticert-too-large = file di { $bytes } byte, letto solo l'inizio
daticert-wrong-root = l'elemento radice è «{ $name }» invece di «postacert»
daticert-bad-date = data e ora non interpretabili
daticert-unknown-attribute-value = valore «{ $value }» non previsto per «{ $attribute }»
daticert-missing-element = manca l'elemento «{ $element }»

## Riga di comando
cli-file = File
cli-kind = Tipo
cli-receipt-type = Tipo di ricevuta
cli-subject = Oggetto
cli-sender = Mittente
cli-recipients = Destinatari
cli-provider = Gestore
cli-date = Data certificata
cli-pec-id = Identificativo PEC
cli-client-msgid = Message-ID del mittente
cli-delivered-to = Consegna a
cli-error = Errore
cli-original = Messaggio originale
cli-attachments = Allegati
cli-warnings = Avvisi
cli-none = nessuno
cli-error-read = impossibile leggere { $path }: { $reason }
cli-size-bytes = { $size } byte

## Firma del gestore
status-valid = Firma valida
status-tampered = Manomesso
status-untrusted = Firmatario non riconosciuto
status-expired = Certificato scaduto alla firma
status-unsigned = Senza firma del gestore
status-malformed = Firma illeggibile
status-valid-explained = La firma del gestore è integra e il gestore è riconosciuto dall'elenco di fiducia alla data della firma.
status-tampered-explained = Il contenuto non corrisponde alla firma: il messaggio è stato modificato dopo la firma e non ha valore di prova.
status-untrusted-explained = La firma è integra, ma chi ha firmato non risulta un gestore PEC riconosciuto dall'elenco di fiducia.
status-expired-explained = Il certificato del gestore non era valido nel momento della firma.
status-unsigned-explained = Il messaggio non porta la firma di un gestore PEC: il suo contenuto non è certificato.
status-malformed-explained = La firma è presente ma non si riesce a leggerla: il contenuto non può essere considerato certificato.
time-source-signing-time = ora di firma (firmata)
time-source-daticert = data dei dati di certificazione (firmata)
time-source-date-header = intestazione Date (non firmata)
time-source-now = ora attuale (il messaggio non indica quando è stato firmato)
verify-signing-time = Verificato alla data { $time } ({ $source })
note-expired-since-signing = Il certificato del gestore è scaduto il { $date }, dopo la firma: la firma resta valida.
note-revocation-not-checked = La revoca del certificato non è stata controllata (nessun elenco di revoca disponibile offline).
note-revoked = Il certificato del gestore risulta revocato dal { $date }.
note-provider-mismatch = Il firmatario ({ $signer }) non corrisponde al gestore indicato nei dati certificati ({ $gestore }).
note-sender-mismatch = L'indirizzo del firmatario ({ $signer }) non corrisponde al mittente del messaggio ({ $from }).

## Elenco di fiducia
trust-enabled = attivo
trust-disabled = disattivato
trust-source-builtin = incluso
trust-source-user = aggiunto
trust-source-extra = solo per questa esecuzione
trust-validity = valido dal { $from } al { $to }
trust-crl-count = Elenchi di revoca: { $count }
trust-added = Aggiunto all'elenco di fiducia: { $subject }
trust-added-crl = Aggiunto l'elenco di revoca di { $issuer }
trust-removed = Tolto dall'elenco di fiducia: { $subject }
trust-not-found = Nessuna autorità di fiducia ha un'impronta che inizia con { $fingerprint } (servono almeno 8 cifre esadecimali).
trust-ambiguous = { $fingerprint } corrisponde a più autorità: indica più cifre dell'impronta.
cli-error-not-certificate = { $path } non contiene un certificato né un elenco di revoca (PEM o DER).
cli-error-no-profile = Impossibile trovare la cartella del profilo: indicala con --profile.

## Documenti firmati (.p7m)
p7m-status-valid = Firma valida
p7m-status-intact-not-checked = Firma integra, firmatario non verificato
p7m-status-untrusted = Firmatario non riconosciuto
p7m-status-expired = Certificato non valido alla firma
p7m-status-malformed = Firma illeggibile
p7m-status-tampered = Documento manomesso
p7m-status-valid-explained = Il documento è integro e ogni firmatario ha un certificato emesso da un certificatore del tuo elenco di fiducia, valido alla data della firma.
p7m-status-intact-not-checked-explained = Il documento non è stato modificato dopo la firma, ma non hai importato un elenco di fiducia delle firme qualificate: nome e codice fiscale mostrati vengono dal certificato e NON sono stati verificati. Importalo con «sigillo p7m trust-import».
p7m-status-untrusted-explained = Il documento è integro, ma il certificato del firmatario non è stato emesso da un certificatore qualificato del tuo elenco di fiducia (o non era qualificato alla data della firma, o non è un certificato di firma).
p7m-status-expired-explained = Il documento è integro, ma il certificato del firmatario non era valido alla data della firma.
p7m-status-malformed-explained = La firma è presente ma non si riesce a leggerla o non rispetta le regole CMS: il documento non può essere considerato firmato.
p7m-status-tampered-explained = Il documento non corrisponde alla firma: è stato modificato dopo la firma e non ha valore.
p7m-time-signing-time = ora di firma dichiarata dal software del firmatario
p7m-time-pec-delivery = data di consegna certificata della PEC che lo ha portato
p7m-time-given = data indicata da te
p7m-time-now = ora attuale (la firma non indica quando è stata apposta)
p7m-note-no-trust-list = Nessun elenco di fiducia delle firme qualificate importato: il firmatario non è stato verificato.
p7m-note-signing-time-declared = L'ora di firma è dichiarata dal firmatario, non attestata da una marca temporale.
p7m-note-timestamp-not-checked = La firma porta una marca temporale, che non è stata verificata.
p7m-note-expired-since-signing = Il certificato del firmatario è scaduto il { $date }, dopo la firma: la firma resta valida.
p7m-note-revocation-not-checked = La revoca del certificato non è stata controllata (Sigillo lavora senza rete).
p7m-warn-name-mismatch = Il nome del file indica «.{ $declared }» ma il contenuto è di tipo «{ $detected }»: aprilo con cautela.
p7m-warn-layer-count = Il nome del file indica { $named } livelli di firma, il file ne contiene { $found }.
p7m-error-not-signed = Il file non è un documento firmato (CAdES / .p7m): non contiene una struttura di firma CMS.
p7m-error-detached = La firma non contiene il documento (firma separata): il file firmato non è al suo interno.
p7m-error-too-deep = Il documento è firmato in più di { $max } livelli annidati: rifiutato.
p7m-error-write = Impossibile scrivere { $path }: { $reason }
p7m-error-no-free-name = La cartella { $dir } contiene già { $name } e troppe copie numerate.
p7m-error-bad-time = «{ $time }» non è una data e ora RFC 3339 (per esempio 2024-05-31T10:00:00+02:00).
p7m-trust-error-not-certificate = { $path } non contiene certificati (PEM o DER) né un elenco di fiducia ETSI (XML).
p7m-trust-error-list = { $path } non è un elenco di fiducia leggibile: { $reason }
p7m-trust-error-no-service = { $path } non elenca alcun certificatore che emetta certificati di firma qualificata.
p7m-document = Documento: { $name } ({ $type }, { $size } byte), livelli di firma: { $layers }
p7m-signer = Firmatario { $n } (livello { $layer }): { $name }
p7m-countersigner = Controfirma { $n } (della firma { $of }): { $name }
p7m-fiscal-code = Codice fiscale: { $code }
p7m-organization = Organizzazione: { $name }
p7m-issuer = Certificato emesso da { $issuer } ({ $listed })
p7m-issuer-listed = nell'elenco di fiducia
p7m-issuer-not-listed = non nell'elenco di fiducia
p7m-issuer-not-checked = non verificato
p7m-trust-service = Certificatore qualificato: { $name }
p7m-extract-refused = Il documento non è stato salvato perché la firma non è integra; usa --force per salvarlo comunque.
p7m-extract-saved = Documento salvato in { $path }
p7m-trust-imported-pem = Elenco di fiducia delle firme: { $count } certificati importati.
p7m-trust-imported-list = Elenco di fiducia { $territory } n. { $sequence }: { $count } certificatori qualificati importati ({ $skipped } servizi di altro tipo ignorati).
p7m-trust-unreadable = { $count } certificati dell'elenco non sono leggibili e sono stati ignorati.
p7m-trust-list-signature-not-checked = La firma dell'elenco di fiducia non è stata verificata: importa solo un elenco scaricato dalla fonte ufficiale.
