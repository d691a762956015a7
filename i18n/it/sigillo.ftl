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
warn-duplicate-daticert = Il messaggio contiene { $count ->
    [one] { $count } file daticert.xml
   *[other] { $count } file daticert.xml
} allo stesso livello: è stato usato il primo.
warn-missing-original = Un messaggio di tipo «{ $kind }» dovrebbe contenere il messaggio originale (postacert.eml), ma non lo contiene.
warn-rewrapped = La busta firmata è stata reimpacchettata da terzi (per esempio una mailing list): le intestazioni esterne non sono quelle del gestore.
warn-provider-only = I messaggi di tipo «{ $kind }» sono scambiati tra gestori e di norma non arrivano all'utente.
warn-virus-reported = Il gestore ha segnalato un virus in questo messaggio.
warn-final-timeout = Avviso definitivo (codice 5.4.1): il messaggio non è stato consegnato entro 24 ore e la trasmissione si è conclusa con esito negativo.
warn-consegna-not-a-recipient = L'indirizzo di consegna «{ $consegna }» non è tra i destinatari certificati.
warn-contains-forwarded-pec = Il messaggio non è PEC ma contiene { $count ->
    [one] { $count } messaggio PEC inoltrato come allegato.
   *[other] { $count } messaggi PEC inoltrati come allegato.
}
warn-damaged-structure = La struttura MIME del messaggio è danneggiata: alcune parti potrebbero mancare.
warn-ambiguous-signed-structure = La struttura firmata si può leggere in più modi ({ $reason }): nulla del suo contenuto è trattato come certificato.
malformed-several-signed-parts = il messaggio contiene più di una parte firmata
malformed-no-boundary = la parte firmata non dichiara il separatore delle sue parti
malformed-bad-boundary = il separatore delle parti firmate non è valido
malformed-duplicate-content-type = l'intestazione Content-Type compare più di una volta
malformed-duplicate-boundary = il separatore delle parti è dichiarato più di una volta
malformed-stray-boundary = il separatore delle parti compare fuori dalle sue righe (a metà riga, dentro una parte o dopo la fine)
malformed-unterminated = la parte firmata non ha il separatore finale
malformed-part-count = { $count ->
    [one] la parte firmata ha { $count } sola parte invece di due (contenuto e firma)
   *[other] la parte firmata ha { $count } parti invece di due (contenuto e firma)
}
malformed-parts-out-of-order = le parti firmate non sono il contenuto seguito dalla sua firma
malformed-readers-disagree = programmi di posta diversi leggerebbero parti firmate diverse
warn-too-large-to-analyse = Il messaggio supera i 64 MB: è conservato byte per byte, ma non è stato analizzato e la sua firma non è stata verificata.
warn-daticert-recovered = I dati di certificazione non sono XML corretto; recuperato il possibile: { $detail }.

## Dettagli dei problemi di daticert.xml
daticert-invalid-utf8 = caratteri non UTF-8 sostituiti
daticert-control-characters = caratteri di controllo rimossi da «{ $field }»
daticert-invalid-char-reference = riferimento a carattere non valido { $reference } ignorato
daticert-unknown-entity = entità «{ $name }» non espansa
daticert-not-well-formed = markup non valido ({ $detail })
daticert-stray-text = testo fuori posto «{ $text }»
daticert-truncated = campo «{ $field }» troncato perché troppo lungo
daticert-too-large = un file di { $bytes ->
    [one] { $bytes } byte
   *[other] { $bytes } byte
}, letto solo l'inizio
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
cli-inspect-not-verified = non controllata da «inspect»: quello che segue è ciò che il messaggio dice; «sigillo verify» dice se è certificato
cli-date-daticert = Data (daticert)
cli-pec-id = Identificativo PEC
cli-client-msgid = Message-ID del mittente
cli-delivered-to = Consegna a
cli-error = Errore
cli-original = Messaggio originale
cli-attachments = Allegati
cli-warnings = Avvisi
cli-none = nessuno
cli-error-read = impossibile leggere { $path }: { $reason }
cli-size-bytes = { $size ->
    [one] { $size } byte
   *[other] { $size } byte
}

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
time-source-signing-time = ora scritta nella firma dal gestore
time-source-daticert = ora dei dati di certificazione firmati
time-source-date-header = ora dell'intestazione Date, che la firma non copre
time-source-now = ora attuale: il messaggio non dice quando è stato firmato
verify-signing-time = Verificato alla data { $time } ({ $source })
note-expired-since-signing = Il certificato del gestore è scaduto il { $date }, dopo la firma: la firma resta valida.
note-revocation-not-checked = La revoca del certificato non è stata controllata (nessun elenco di revoca disponibile offline).
note-revocation-list-stale = L'elenco di revoca usato è scaduto il { $date }: uno più recente potrebbe dire di più.
note-revocation-list-too-old = L'elenco di revoca disponibile è del { $date }, precedente alla firma: non dice se il certificato fosse revocato quando ha firmato.
note-weak-digest = La firma usa { $algorithm }, un algoritmo non più sicuro contro le falsificazioni: è accettata perché apposta prima del 2025, quando i gestori PEC lo usavano ancora.
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
cli-trust-unusable = L'elenco dei certificatori fidati del profilo non si può caricare, quindi nessuna firma può essere verificata: { $command ->
        [import] nessun messaggio è stato importato.
        [sync] nessun messaggio è stato scaricato.
        [send] nessun messaggio è stato inviato.
        [reindex] nulla è stato ricalcolato.
        [export] nessun dossier è stato scritto.
       *[verify] nulla è stato verificato.
    } Correggi o rimuovi il file indicato sopra in { $folder } e ripeti il comando.
cli-error-no-profile = Impossibile trovare la cartella del profilo: indicala con --profile.
cli-error-no-message-id = Nessun messaggio nell'archivio ha il Message-ID { $id } (un numero è letto come identificativo dell'archivio: scrivi un Message-ID numerico tra parentesi angolari).
cli-error-message-id-ambiguous = Più messaggi hanno il Message-ID { $id } ({ $ids }): indica quale con il suo identificativo.
store-error = archivio dei messaggi non utilizzabile: { $reason }
store-error-disk-full = il disco che contiene l'archivio dei messaggi ({ $path }) è pieno: l'ultima scrittura è stata annullata e quanto era già archiviato è intatto. Liberare spazio e riprovare.
cli-pending = da analizzare
cli-unverified = non verificata
cli-size = Dimensione (byte)
cli-sha256 = SHA-256
cli-signature = Firma del gestore
cli-copies = Provenienza
cli-timeline = Esito per destinatario
cli-timeline-from-receipts = (messaggio inviato non presente in archivio: esito ricostruito dalle ricevute)
cli-acceptance = Accettazione
cli-timeline-receipts = ricevute { $ids }
cli-reindex-progress = Rianalisi: { $done } di { $total ->
    [one] { $total } messaggio
   *[other] { $total } messaggi
}
cli-reindex-done = Rianalizzat{ $messages ->
    [one] o { $messages } messaggio
   *[other] i { $messages } messaggi
} ({ $unreadable ->
    [one] { $unreadable } illeggibile
   *[other] { $unreadable } illeggibili
}); { $timelines ->
    [one] { $timelines } invio PEC con esito per destinatario
   *[other] { $timelines } invii PEC con esito per destinatario
}; { $verified ->
    [one] { $verified } firma del gestore verificata.
   *[other] { $verified } firme del gestore verificate.
}
cli-import-progress = Importazione: { $messages ->
    [one] { $messages } messaggio letto
   *[other] { $messages } messaggi letti
} ({ $percent }%)
cli-import-skipped-file = saltato (non sembra posta): { $path }
cli-import-summary = Importazione conclusa.
cli-import-read = Messaggi letti
cli-import-imported = Nuovi in archivio
cli-import-duplicates = Già presenti (doppioni)
cli-import-unreadable = Illeggibili (conservati comunque)
cli-import-resumed = Completati da un'importazione interrotta
cli-import-skipped = File saltati
cli-import-errors = Errori di lettura
cli-import-time = Tempo
cli-pending-note = { $count ->
    [one] Un messaggio attende ancora l'analisi, lasciato da un'importazione o rianalisi interrotta, e può mancare da ricerche ed esiti: lo completa la prossima importazione o sincronizzazione, oppure «sigillo reindex».
   *[other] { $count } messaggi attendono ancora l'analisi, lasciati da un'importazione o rianalisi interrotta, e possono mancare da ricerche ed esiti: li completa la prossima importazione o sincronizzazione, oppure «sigillo reindex».
}
cli-outdated-note = { $count ->
    [one] Un messaggio è stato letto da una versione precedente di Sigillo, con regole diverse, e mostra ancora quella lettura: la prossima importazione o sincronizzazione, «sigillo reindex» o l'apertura della finestra lo analizza e ne verifica di nuovo la firma.
   *[other] { $count } messaggi sono stati letti da una versione precedente di Sigillo, con regole diverse, e mostrano ancora quella lettura: la prossima importazione o sincronizzazione, «sigillo reindex» o l'apertura della finestra li analizza e ne verifica di nuovo la firma.
}
cli-pending-busy-note = { $count ->
    [one] Un messaggio è in corso di analisi da parte di un altro processo di Sigillo ({ $pids }) e può mancare da ricerche ed esiti finché non ha finito.
   *[other] { $count } messaggi sono in corso di analisi da parte di un altro processo di Sigillo ({ $pids }) e possono mancare da ricerche ed esiti finché non ha finito.
}
cli-process-unknown = processo non identificato
cli-read-only-note = Il profilo { $path } è in sola lettura (supporto protetto o senza permesso di scrittura): consultazione, ricerca ed esportazione funzionano, nulla viene scritto.
cli-damaged-note = L'archivio dei messaggi è danneggiato ({ $detail }): è aperto in sola lettura e non vi si scrive più nulla. Eseguire «sigillo repair» per copiare ogni messaggio ancora leggibile in un archivio nuovo (il file danneggiato viene conservato).
cli-error-read-only = il profilo { $path } è in sola lettura (supporto protetto o senza permesso di scrittura) e questo comando dovrebbe scriverci: nulla è stato modificato. Copiare il profilo in una cartella scrivibile, oppure concedere il permesso di scrittura, e ripetere il comando.
store-error-read-only = il profilo { $path } è in sola lettura (supporto protetto o senza permesso di scrittura): nulla è stato modificato. Copiare il profilo in una cartella scrivibile, oppure concedere il permesso di scrittura, e riprovare.
store-error-read-only-older = l'archivio { $path } è in sola lettura ed è stato scritto da una versione precedente di Sigillo (schema { $found }, questa legge lo schema { $known }): non può essere aggiornato dove si trova. Copiare la cartella del profilo in un luogo scrivibile e aprire la copia (viene aggiornata lì).
store-error-needs-repair = l'archivio dei messaggi { $path } è danneggiato ({ $detail }): non vi si scrive più nulla. Eseguire «sigillo repair» per copiare ogni messaggio ancora leggibile in un archivio nuovo; il file danneggiato resta accanto.
store-error-in-use = l'archivio è in uso da un altro processo di Sigillo ({ $pids }): chiudere la finestra e gli altri comandi sigillo, poi ripetere la riparazione.
cli-repair-progress = Riparazione: { $done } di { $total ->
    [one] { $total } identificativo letto
   *[other] { $total } identificativi letti
}
cli-repair-done = Riparazione completata: il nuovo archivio è al suo posto, quello danneggiato è conservato in { $kept }.
cli-repair-finished-earlier = Completata la riparazione interrotta: il nuovo archivio è al suo posto, quello danneggiato è conservato in { $kept }.
cli-repair-recovered = Recuperati identici all'originale (SHA-256 confermato)
cli-repair-unconfirmed = Recuperati senza impronta da confrontare
cli-repair-damaged = Danneggiati all'interno (non archiviati)
cli-repair-unreadable = Illeggibili
cli-repair-copies = Provenienze ricostruite
cli-repair-damaged-files = I messaggi danneggiati all'interno sono stati scritti, così come sono stati letti, in { $path }.
cli-repair-not-needed = L'archivio { $path } supera il controllo di integrità di SQLite: non c'è nulla da riparare. Per ricostruirlo comunque usare --force.

## Esito per destinatario di un invio PEC
acceptance-in-attesa = in attesa della ricevuta di accettazione
acceptance-accettato = accettato dal gestore del mittente
acceptance-non-accettato = non accettato dal gestore del mittente
state-in-attesa = in attesa di accettazione
state-accettato = accettato dal gestore, in attesa di consegna
state-non-accettato = non accettato dal gestore
state-consegnato = consegnato
state-errore-consegna = errore di consegna
state-preavviso = non ancora consegnato dopo 12 ore (preavviso)
state-virus = non consegnato: virus
state-esterno = destinatario esterno (non PEC): accettato, nessuna ricevuta di consegna arriverà
state-in-ritardo = in ritardo: nessuna ricevuta di consegna nei tempi


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
p7m-warn-layer-count = Il nome del file indica { $named ->
    [one] { $named } livello di firma
   *[other] { $named } livelli di firma
}, il file ne contiene { $found }.
p7m-error-not-signed = Il file non è un documento firmato (CAdES / .p7m): non contiene una struttura di firma CMS.
p7m-error-detached = La firma non contiene il documento (firma separata): il file firmato non è al suo interno.
p7m-error-too-deep = Il documento è firmato in più di { $max } livelli annidati: rifiutato.
p7m-error-write = Impossibile scrivere { $path }: { $reason }
p7m-error-no-free-name = La cartella { $dir } contiene già { $name } e troppe copie numerate.
p7m-error-bad-time = «{ $time }» non è una data e ora RFC 3339 (per esempio 2024-05-31T10:00:00+02:00).
p7m-trust-error-not-certificate = { $path } non contiene certificati (PEM o DER) né un elenco di fiducia ETSI (XML).
p7m-trust-error-list = { $path } non è un elenco di fiducia leggibile: { $reason }
p7m-trust-error-no-service = { $path } non elenca alcun certificatore che emetta certificati di firma qualificata.
p7m-document = Documento: { $name } ({ $type }, { $size ->
    [one] { $size } byte
   *[other] { $size } byte
}), livelli di firma: { $layers }
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
p7m-trust-imported-pem = Elenco di fiducia delle firme: { $count ->
    [one] { $count } certificato importato.
   *[other] { $count } certificati importati.
}
p7m-trust-imported-list = Elenco di fiducia { $territory } n. { $sequence }: { $count ->
    [one] { $count } certificatore qualificato importato
   *[other] { $count } certificatori qualificati importati
} ({ $skipped ->
    [one] { $skipped } servizio di altro tipo ignorato
   *[other] { $skipped } servizi di altro tipo ignorati
}).
p7m-trust-unreadable = { $count ->
    [one] { $count } certificato dell'elenco non è leggibile ed è stato ignorato.
   *[other] { $count } certificati dell'elenco non sono leggibili e sono stati ignorati.
}
p7m-trust-list-signature-not-checked = La firma dell'elenco di fiducia non è stata verificata: importa solo un elenco scaricato dalla fonte ufficiale.

## Fatture elettroniche (FatturaPA)
fattura-code-unknown = { $code } (codice non previsto dalle regole tecniche)
fattura-td-TD01 = Fattura
fattura-td-TD02 = Acconto/anticipo su fattura
fattura-td-TD03 = Acconto/anticipo su parcella
fattura-td-TD04 = Nota di credito
fattura-td-TD05 = Nota di debito
fattura-td-TD06 = Parcella
fattura-td-TD07 = Fattura semplificata
fattura-td-TD08 = Nota di credito semplificata
fattura-td-TD09 = Nota di debito semplificata
fattura-td-TD10 = Fattura di acquisto intracomunitario di beni
fattura-td-TD11 = Fattura di acquisto intracomunitario di servizi
fattura-td-TD12 = Documento riepilogativo (art. 6, DPR 695/1996)
fattura-td-TD16 = Integrazione fattura reverse charge interno
fattura-td-TD17 = Integrazione/autofattura per acquisto di servizi dall'estero
fattura-td-TD18 = Integrazione per acquisto di beni intracomunitari
fattura-td-TD19 = Integrazione/autofattura per acquisto di beni ex art. 17, c. 2, DPR 633/72
fattura-td-TD20 = Autofattura per regolarizzazione e integrazione delle fatture
fattura-td-TD21 = Autofattura per splafonamento
fattura-td-TD22 = Estrazione di beni da deposito IVA
fattura-td-TD23 = Estrazione di beni da deposito IVA con versamento dell'IVA
fattura-td-TD24 = Fattura differita (art. 21, c. 4, lett. a, DPR 633/72)
fattura-td-TD25 = Fattura differita (art. 21, c. 4, terzo periodo, lett. b, DPR 633/72)
fattura-td-TD26 = Cessione di beni ammortizzabili e passaggi interni (art. 36 DPR 633/72)
fattura-td-TD27 = Fattura per autoconsumo o per cessioni gratuite senza rivalsa
fattura-td-TD28 = Acquisti da San Marino con IVA (fattura cartacea)
fattura-td-TD29 = Comunicazione per omessa o irregolare fatturazione (art. 6, c. 8, d.lgs. 471/1997)
fattura-mp-MP01 = contanti
fattura-mp-MP02 = assegno
fattura-mp-MP03 = assegno circolare
fattura-mp-MP04 = contanti presso la Tesoreria
fattura-mp-MP05 = bonifico
fattura-mp-MP06 = vaglia cambiario
fattura-mp-MP07 = bollettino bancario
fattura-mp-MP08 = carta di pagamento
fattura-mp-MP09 = RID
fattura-mp-MP10 = RID utenze
fattura-mp-MP11 = RID veloce
fattura-mp-MP12 = RIBA
fattura-mp-MP13 = MAV
fattura-mp-MP14 = quietanza erario
fattura-mp-MP15 = giroconto su conti di contabilità speciale
fattura-mp-MP16 = domiciliazione bancaria
fattura-mp-MP17 = domiciliazione postale
fattura-mp-MP18 = bollettino di c/c postale
fattura-mp-MP19 = SEPA Direct Debit
fattura-mp-MP20 = SEPA Direct Debit CORE
fattura-mp-MP21 = SEPA Direct Debit B2B
fattura-mp-MP22 = trattenuta su somme già riscosse
fattura-mp-MP23 = PagoPA
fattura-tp-TP01 = pagamento a rate
fattura-tp-TP02 = pagamento completo
fattura-tp-TP03 = anticipo
fattura-n-N1 = escluse ex art. 15 DPR 633/72
fattura-n-N2 = non soggette
fattura-n-N2-1 = non soggette ad IVA ai sensi degli artt. da 7 a 7-septies DPR 633/72
fattura-n-N2-2 = non soggette, altri casi
fattura-n-N3 = non imponibili
fattura-n-N3-1 = non imponibili, esportazioni
fattura-n-N3-2 = non imponibili, cessioni intracomunitarie
fattura-n-N3-3 = non imponibili, cessioni verso San Marino
fattura-n-N3-4 = non imponibili, operazioni assimilate alle cessioni all'esportazione
fattura-n-N3-5 = non imponibili, a seguito di dichiarazioni d'intento
fattura-n-N3-6 = non imponibili, altre operazioni che non concorrono alla formazione del plafond
fattura-n-N4 = esenti
fattura-n-N5 = regime del margine / IVA non esposta in fattura
fattura-n-N6 = inversione contabile
fattura-n-N6-1 = inversione contabile, cessione di rottami e altri materiali di recupero
fattura-n-N6-2 = inversione contabile, cessione di oro e argento
fattura-n-N6-3 = inversione contabile, subappalto nel settore edile
fattura-n-N6-4 = inversione contabile, cessione di fabbricati
fattura-n-N6-5 = inversione contabile, cessione di telefoni cellulari
fattura-n-N6-6 = inversione contabile, cessione di prodotti elettronici
fattura-n-N6-7 = inversione contabile, prestazioni del comparto edile e settori connessi
fattura-n-N6-8 = inversione contabile, operazioni del settore energetico
fattura-n-N6-9 = inversione contabile, altri casi
fattura-n-N7 = IVA assolta in altro Stato UE
fattura-expected-amount2 = un importo con il punto e due decimali (per esempio 1234.50)
fattura-expected-amount8 = un importo con il punto e da due a otto decimali (per esempio 12.3456)
fattura-expected-rate = un'aliquota con il punto e due decimali (per esempio 22.00)
fattura-expected-quantity = una quantità con il punto e da due a otto decimali (per esempio 1.00)
fattura-expected-date = una data scritta AAAA-MM-GG
fattura-expected-base64 = un contenuto codificato in base64
fattura-error-not-invoice = Il file XML non è una fattura elettronica: il suo elemento radice è <{ $root }> invece di <FatturaElettronica>.
fattura-error-missing = Nella fattura manca { $path }.
fattura-error-invalid = Nella fattura { $path } vale «{ $value }», che non è { $expected }.
fattura-error-unknown = Il file XML non è né una fattura elettronica né un messaggio dello SdI (il suo elemento radice è <{ $root }>).
fattura-warn-encoding = Alcuni caratteri della fattura non sono validi nella codifica dichiarata e sono stati sostituiti.
fattura-warn-format = La versione della fattura è «{ $format }», né FPA12 né FPR12.
fattura-warn-code = { $path } vale «{ $value }», un codice non previsto dalle regole tecniche.
xml-error-encoding = Il file dichiara la codifica { $encoding }, che non si riesce a leggere.
xml-error-not-well-formed = Il file XML non è corretto alla riga { $line }: { $detail }
xml-error-entity = Il file XML usa l'entità non definita &{ $name }; alla riga { $line }.
xml-error-empty = Il file non contiene alcun elemento XML.
xml-error-too-large = Il file XML è annidato troppo in profondità o ha troppi elementi.

## Messaggi dello SdI
sdi-kind-RC = Ricevuta di consegna
sdi-kind-NS = Notifica di scarto
sdi-kind-MC = Notifica di mancata consegna
sdi-kind-NE = Notifica di esito
sdi-kind-DT = Notifica di decorrenza termini
sdi-kind-AT = Attestazione di avvenuta trasmissione con impossibilità di recapito
sdi-kind-EC = Notifica di esito del committente
sdi-kind-SE = Notifica di scarto dell'esito del committente
sdi-kind-MT = File dei metadati
sdi-outcome-delivered = Fattura consegnata al destinatario.
sdi-outcome-rejected = Fattura scartata dallo SdI: non è stata emessa; va corretta e inviata di nuovo.
sdi-outcome-not-delivered = Non è stato possibile consegnare la fattura al destinatario: è a sua disposizione nell'area riservata dell'Agenzia delle Entrate e si considera comunque emessa.
sdi-outcome-accepted = Il destinatario (pubblica amministrazione) ha accettato la fattura.
sdi-outcome-refused = Il destinatario (pubblica amministrazione) ha rifiutato la fattura.
sdi-outcome-outcome-unknown = Notifica di esito senza un esito leggibile.
sdi-outcome-terms-expired = Sono trascorsi 15 giorni senza che il destinatario accettasse o rifiutasse la fattura: il procedimento presso lo SdI è chiuso.
sdi-outcome-transmitted-not-delivered = La fattura è stata trasmessa, ma non è stato possibile recapitarla alla pubblica amministrazione destinataria.
sdi-outcome-recipient-accepts = Esito inviato dal destinatario: fattura accettata.
sdi-outcome-recipient-refuses = Esito inviato dal destinatario: fattura rifiutata.
sdi-outcome-outcome-rejected = Lo SdI ha scartato l'esito inviato dal destinatario.
sdi-outcome-metadata = Dati di trasmissione della fattura consegnata (file dei metadati).
sdi-error-not-notification = Il file XML non è un messaggio dello SdI: il suo elemento radice è <{ $root }>.
sdi-error-missing = Nel messaggio dello SdI manca { $path }.

## sigillo fattura show
fattura-title = Fattura elettronica { $format }
fattura-transmitter = Trasmittente: { $id }, progressivo { $progressive }
fattura-recipient-code = Codice destinatario: { $code }
fattura-supplier = Fornitore
fattura-customer = Cliente
fattura-vat = Partita IVA: { $id }
fattura-fiscal-code = Codice fiscale: { $code }
fattura-address = Sede: { $address }
fattura-regime = Regime fiscale: { $code }
fattura-body = { $type } n. { $number } del { $date }
fattura-reason = Causale: { $text }
fattura-lines = Righe
fattura-line = { $n }. { $description } — { $quantity } × { $price } = { $total } (IVA { $rate }%)
fattura-line-nature = natura { $nature }
fattura-vat-summary = Riepilogo IVA
fattura-vat-row = Aliquota { $rate }%: imponibile { $taxable }, imposta { $tax }
fattura-stamp-duty = Bollo: { $amount }
fattura-total = Totale documento: { $total } { $currency }
fattura-total-missing = Totale documento non indicato; imponibile più imposta: { $sum } { $currency }
fattura-payment = Pagamento: { $conditions }
fattura-payment-detail = { $method }: { $amount } { $currency }, scadenza { $due }
fattura-iban = IBAN { $iban }
fattura-attachments = Allegati alla fattura
fattura-attachment = { $name } ({ $size ->
    [one] { $size } byte
   *[other] { $size } byte
}){ $description }
fattura-none-found = Nessuna fattura elettronica né messaggio dello SdI in { $path }.
fattura-signed-inside = Documento firmato { $name }:
sdi-title = { $kind } ({ $code })
sdi-file = File fattura: { $name }
sdi-id = Identificativo SdI: { $id }
sdi-received = Ricevuto dallo SdI: { $time }
sdi-delivered = Consegnato: { $time }
sdi-available = A disposizione dal: { $date }
sdi-invoice-ref = Fattura n. { $number } dell'anno { $year }
sdi-description = Descrizione: { $text }
sdi-errors = Errori segnalati
sdi-error-row = { $code }: { $description }
sdi-suggestion = suggerimento: { $text }
sdi-format = Formato: { $format }
sdi-recipient-code = Codice destinatario: { $code }
sdi-attempts = Tentativi di invio: { $count }
sdi-recipient = Destinatario: { $who }
cli-verify-progress = Verifica delle firme: { $done } di { $total }
cli-import-verified = Firme verificate

## Applicazione nei menu e nei negozi di software (file .desktop, metainfo AppStream)
app-name = Sigillo
app-generic-name = Client di posta certificata
app-summary = Legge e verifica la posta elettronica certificata (PEC)
app-keywords = PEC;posta certificata;ricevuta;firma;daticert;fattura elettronica;email;

## Finestra principale
gui-error-window = impossibile aprire la finestra: { $reason }
gui-tab-mailbox = Posta
gui-tab-timeline = Esiti degli invii
gui-tab-compose = Scrivi
gui-tab-settings = Impostazioni
gui-demo-marker = DEMO — casella dimostrativa
gui-demo-explained = Questa è una casella dimostrativa con persone inventate, firmata da un'autorità di prova che non è un gestore reale. Aggiungi la tua casella PEC per usare Sigillo davvero.
gui-add-account = Aggiungi la tua casella PEC
gui-loading = Caricamento…
gui-select-message = Seleziona un messaggio per vederlo.
gui-no-subject = (senza oggetto)
gui-error-details = Dettagli
gui-error-dismiss = Chiudi
gui-read-only-banner = Profilo in sola lettura (supporto protetto o senza permesso di scrittura): si può consultare, cercare ed esportare; nulla viene scritto, nemmeno lo stato «letto», e la posta non viene scaricata.
gui-damaged-banner = L'archivio dei messaggi è danneggiato ({ $detail }): è aperto in sola lettura e non vi si scrive più nulla. Chiudere Sigillo ed eseguire «sigillo repair» per copiare ogni messaggio ancora leggibile in un archivio nuovo (quello danneggiato viene conservato).
gui-read-only-refused = Il profilo è in sola lettura: questa operazione dovrebbe scriverci e non è stata eseguita.
gui-error-store = Impossibile leggere o scrivere l'archivio dei messaggi.
gui-error-trust = Impossibile leggere l'elenco delle autorità di fiducia.
gui-error-internal = Errore interno: l'operazione non è stata completata.
gui-error-no-profile = Impossibile trovare la cartella dei dati: avvia Sigillo con --profile CARTELLA.
gui-error-settings = Impossibile salvare le impostazioni.

## Cartelle ed elenco
gui-folders = Cartelle
gui-folder-all = Tutti i messaggi
gui-folder-inbox = Posta in arrivo
gui-folder-none = Senza cartella
gui-account-imported = Importati
gui-search = Cerca
gui-search-placeholder = Cerca in oggetto, indirizzi, testo, allegati, dati certificati…
gui-filter-all-kinds = Tutti i tipi
gui-filter-all-signatures = Tutte le firme
gui-filter-all-states = Tutti gli esiti
gui-filter-clear = Azzera filtri
gui-order-date = Più recenti prima
gui-order-relevance = Più pertinenti prima
gui-list-count = { $count ->
    [one] { $count } messaggio
   *[other] { $count } messaggi
}
gui-list-results = { $count ->
    [one] { $count } risultato
   *[other] { $count } risultati
}
gui-list-empty = Nessun messaggio.
gui-sig-short-unverified = non ancora verificato

## Messaggio
gui-banner-title-valid = Firma del gestore valida
gui-banner-title-tampered = ATTENZIONE: messaggio manomesso
gui-banner-title-untrusted = Firma di un soggetto non riconosciuto come gestore PEC
gui-banner-title-expired = Certificato del gestore scaduto al momento della firma
gui-banner-title-unsigned = Non certificato: manca la firma del gestore
gui-banner-title-malformed = Firma del gestore illeggibile
gui-banner-signer = Firmato da { $who } il { $when } ({ $source })
gui-sig-compact = Firma del gestore valida: { $who }, { $when } ({ $source })
gui-banner-time-unsigned = L'ora usata per la verifica non è garantita dalla firma.
gui-anomaly-explained = Questo messaggio è arrivato nella casella PEC da un indirizzo di posta ordinaria (o non era una busta PEC regolare). Il gestore lo ha solo imbustato: mittente, data e contenuto non hanno valore di prova.
gui-from = Mittente
gui-to = A
gui-cc = Cc
gui-subject = Oggetto
gui-date = Data
gui-original-note = Messaggio originale (postacert.eml) come certificato dal gestore.
gui-attachments = Allegati
gui-save = Salva
gui-executable-warning = ⚠ programma o file che modifica il sistema: Sigillo non lo apre; salvalo e aprilo solo se ti fidi del mittente e sai che cos'è
gui-attachment-missing = L'allegato non si trova più nel messaggio.
launch-refused-extension = { $name } non viene aperto: i file .{ $extension } possono avviare programmi, installare qualcosa o modificare il sistema. Salvalo e aprilo tu solo se ti fidi del mittente e sai che cos'è.
launch-refused-program = { $name } non viene aperto: i suoi primi byte sono quelli di un programma, qualunque sia il nome. Salvalo e aprilo tu solo se ti fidi del mittente e sai che cos'è.
launch-error-folder = Impossibile preparare la cartella privata per gli allegati aperti: { $reason }
launch-error-no-folder = Il sistema non indica una cartella per le copie temporanee: salva l'allegato e aprilo da lì.
launch-error-start = Impossibile avviare { $program }: { $reason }. Salva l'allegato e aprilo da lì.
launch-error-failed = Il sistema non ha aperto l'allegato ({ $program } ha restituito il codice { $code }): forse nessun programma è associato a questo tipo di file. Salvalo e aprilo da lì.
reading-attachment-missing = L'allegato non si trova più nel messaggio: riaprilo e riprova.
reading-document-missing = Il documento non si può estrarre dal suo file firmato: salva l'allegato .p7m e aprilo con il programma di firma.
reading-file-exists = { $path } esiste già: scegli un altro nome.
reading-write-failed = Impossibile scrivere { $path }: { $reason }. Scegli un'altra cartella o libera spazio sul disco.
gui-attachment-saved = Salvato in { $path }
gui-attachment-save-failed = Impossibile salvare l'allegato: { $reason }
gui-show-source = Mostra il sorgente
gui-hide-source = Nascondi il sorgente
gui-daticert-title = Dati di certificazione
gui-daticert-title-unproven = Dati di certificazione, NON PROVATI
gui-certification-unproven = La firma del gestore non garantisce questi dati: sono solo ciò che il messaggio dice, e chiunque può averli scritti o cambiati.
gui-daticert-none = Questo messaggio non contiene dati di certificazione (daticert.xml).
gui-dc-tipo = Tipo
gui-dc-mittente = Mittente
gui-dc-oggetto = Oggetto
gui-dc-gestore = Gestore
gui-dc-data = Data e ora
gui-dc-identificativo = Identificativo PEC
gui-dc-msgid = Message-ID originale
gui-dc-ricevuta = Ricevuta richiesta
gui-dc-consegna = Consegnata a
gui-dc-about = Destinatario interessato
gui-dc-data-written = Data e ora come scritte dal gestore
gui-sent-kind = Messaggio che hai inviato tramite PEC
gui-delivery-title = Consegna per destinatario
gui-delivery-none = Nessuna ricevuta ancora: la ricevuta di accettazione arriva di solito entro pochi minuti.
gui-delivery-accepted = Accettata dal gestore del mittente il { $when }
gui-delivery-unassigned = Ricevute che non nominano nessun destinatario di questo messaggio:
gui-receipt-not-proven = { $receipt } — NON PROVATA: nessuna firma valida del gestore
gui-copies-title = { $count ->
    [one] Dove si trova ({ $count } copia)
   *[other] Dove si trova ({ $count } copie)
}
gui-copy-sent = inviato da Sigillo con la casella { $account }
gui-copy-server = sul server: { $account }, cartella { $folder }
gui-copy-import = importato da { $path }
gui-copy-other-bytes = byte diversi, conservati così come sono (SHA-256 { $sha }…)
gui-folder-sent-here = Inviati da Sigillo
gui-dc-errore = Errore
gui-dc-errore-esteso = Dettaglio errore
gui-dc-destinatari = Destinatari
gui-recipient-certified = certificato
gui-recipient-external = esterno
gui-recipient-unknown = da confermare
gui-external-explained = I destinatari esterni sono fuori dal circuito PEC: ricevono il messaggio come posta ordinaria e non arriverà mai una ricevuta di consegna.

## Esiti degli invii
gui-timeline-title = Esiti degli invii
gui-timeline-explained = Per ogni PEC inviata, lo stato di ogni destinatario e le ricevute che lo provano.
gui-timeline-empty = Nessuna PEC inviata.
gui-timeline-more = { $count ->
    [one] Mostra un invio più vecchio
   *[other] Mostra altri { $count } invii più vecchi
}
gui-needs-attention = Solo quelli da controllare
gui-open-sent = Apri il messaggio
gui-tl-accepted = Accettato dal gestore del mittente
gui-tl-refused = Non accettato dal gestore: { $reason }
gui-tl-waiting-acceptance = In attesa della ricevuta di accettazione
gui-tl-receipt = Apri la ricevuta del gestore
gui-tl-from-receipts = Il messaggio inviato non è nell'archivio: esito ricostruito dalle ricevute.
gui-tl-external-note = Destinatario esterno: accettato, nessuna ricevuta di consegna arriverà mai.

## Scrivi
gui-compose-title = Nuova PEC
gui-compose-title-reply = Risposta
gui-compose-title-forward = Inoltro
gui-compose-title-draft = Bozza
gui-compose-no-bcc = Nessuna copia nascosta: la PEC rifiuta i destinatari in Ccn.
gui-compose-receipt = Ricevuta di consegna
gui-compose-receipt-explained = Completa: la ricevuta contiene tutto il messaggio. Breve: contiene le impronte degli allegati. Sintetica: solo i dati di certificazione.
gui-compose-attach-path = Percorso del file da allegare
gui-compose-attach = Allega
gui-compose-detach = Togli
gui-compose-send = Invia
gui-compose-sending = Invio in corso…
gui-compose-save-draft = Salva bozza
gui-compose-draft-saved = Bozza salvata.
gui-compose-draft-failed = Impossibile salvare la bozza: { $reason }
gui-compose-new = Nuova PEC vuota
gui-compose-draft-delete = Elimina
gui-compose-draft-delete-confirm = Sì, elimina la bozza
gui-compose-draft-deleted = Bozza eliminata.
gui-compose-draft-delete-failed = Impossibile eliminare la bozza: { $reason }
gui-compose-kept-as-draft = La PEC che stavi scrivendo («{ $subject }») è tra le bozze salvate, in fondo alla pagina.
gui-compose-not-replaced = La PEC che stai scrivendo è rimasta qui: non si è potuta salvare tra le bozze ({ $reason }). Salvala o inviala prima di scriverne un'altra.
gui-compose-busy-sending = Invio in corso: attendi che finisca prima di scrivere un'altra PEC.
gui-compose-fix-first = Correggi i problemi indicati prima di inviare.
gui-compose-no-recipient = Indica almeno un destinatario nel campo A.
gui-compose-bad-address = «{ $address }» non è un indirizzo valido.
gui-compose-too-large = Dimensione × destinatari = { $total } MB, oltre il limite del gestore di { $limit } MB.
gui-compose-unreadable = Impossibile leggere { $path }.
gui-compose-probably-not-pec = { $address } probabilmente non è una casella PEC (dominio non riconosciuto): non arriverà la ricevuta di consegna. Lo dirà con certezza la ricevuta di accettazione.
gui-compose-external-before = { $address } è fuori dalla PEC secondo una ricevuta già ricevuta: non arriverà la ricevuta di consegna.
gui-compose-no-receipt-count = { $count ->
    [one] Per un destinatario probabilmente non arriverà la ricevuta di consegna:
   *[other] Per { $count } destinatari probabilmente non arriverà la ricevuta di consegna:
}
gui-compose-past-unknown = Le ricevute già ricevute non si sono potute leggere: gli avvisi sui destinatari si basano solo sul dominio.
gui-compose-demo-no-send = Nella casella dimostrativa non si invia: aggiungi la tua casella PEC.
gui-compose-no-account = Nessuna casella configurata per l'invio: aggiungila prima.

## Impostazioni
gui-settings-title = Impostazioni
gui-settings-language = Lingua
gui-settings-theme = Tema
gui-theme-system = Come il sistema
gui-theme-light = Chiaro
gui-theme-dark = Scuro
gui-settings-overdue = Ore senza consegna prima di segnalare il ritardo
gui-settings-hours-invalid = Indica un numero di ore tra 1 e 720.
gui-settings-days-invalid = Indica un numero intero di giorni, o lascia il campo vuoto per non cancellare mai dal server.
gui-settings-pop3-note = Con POP3 i messaggi restano sul server: cancellarli è il modo più comune di perdere le ricevute.
gui-settings-trust = Autorità di fiducia
gui-settings-trust-explained = Le firme dei gestori PEC sono valide solo se risalgono a una di queste autorità. Dopo una modifica tutte le firme vengono verificate di nuovo.
gui-settings-remove = Non fidarti più
gui-settings-remove-question = Smettere di fidarsi di questa autorità? I messaggi firmati tramite essa non risulteranno più validi.
gui-settings-remove-builtin-question = È un punto di fiducia PEC incluso in Sigillo (AgID CA1): senza di esso le firme dei gestori che passano da qui non risulteranno più valide. Smettere di fidarsene?
gui-settings-remove-confirm = Sì, non fidarti più
gui-settings-anchor-restored = L'autorità è di nuovo fidata: le firme vengono verificate di nuovo.
gui-undo = Annulla la rimozione
gui-settings-add = Aggiungi
gui-settings-anchor-path = Percorso di un certificato (PEM o DER) o di un elenco di revoca
gui-settings-anchor-added = Aggiunto all'elenco di fiducia.
gui-received-note = Messaggio ricevuto così com'era: non certificato.
gui-compose-drafts = Bozze salvate
gui-documents = Documenti firmati, fatture e notifiche SdI
gui-save-document = Salva il documento
## Export of legal proof (dossier) and its check
export-title-sent = Fascicolo di prova: messaggio PEC inviato
export-title-received = Fascicolo di prova: messaggio PEC ricevuto
export-title-single = Fascicolo di prova: messaggio
export-made-by = Prodotto da { $tool } il { $time }
export-intro = Questo fascicolo raccoglie i messaggi e le ricevute così come sono stati ricevuti, byte per byte, con i dati di certificazione, le firme dei gestori e i loro certificati. Ogni file è elencato nel MANIFEST con la sua impronta SHA-256: chiunque può verificarli con gli strumenti indicati in fondo, senza Sigillo.
export-section-message = Il messaggio
export-section-timeline = Esito per destinatario
export-section-files = Messaggi e ricevute
export-section-howto = Come verificare da sé
export-sender = Mittente
export-subject = Oggetto
export-sent-at = Inviato il
export-date = Data
export-pec-id = Identificativo PEC
export-msgid = Message-ID del mittente
export-provider = Gestore
export-recipients = Destinatari
export-recipient-certified = certificato (PEC)
export-recipient-external = esterno (non PEC)
export-recipient-unknown = tipo non ancora noto
export-file-sha256 = SHA-256 del messaggio
export-inner-message = Messaggio originale
export-attachments = Allegati
export-attachments-from = Allegati letti da { $file }.
export-attachments-from-inner = Allegati letti dal messaggio originale contenuto in { $file } (firmato dal gestore).
export-no-attachments = Nessun allegato.
export-unnamed = (senza nome)
export-attachment-line = { $type }, { $size ->
    [one] { $size } byte
   *[other] { $size } byte
} — { $file }
export-from-receipts-only = Il messaggio inviato non è nell'archivio: l'esito è ricostruito dalle sole ricevute.
export-acceptance = Accettazione
export-acceptance-in-attesa = nessuna ricevuta di accettazione
export-acceptance-accettato = accettato dal gestore del mittente
export-acceptance-non-accettato = non accettato dal gestore del mittente
export-state = Stato
export-state-since = Dal
export-reason = Motivo
export-receipt-type = Tipo di ricevuta
export-proof = Prova
export-related = Ricevute
export-not-proven = NON PROVATA: la firma del gestore non è valida, non decide nulla
export-unassigned = Ricevute che non nominano un destinatario
export-files-intro = Per ogni file: l'impronta, da dove proviene la copia, e l'esito della verifica della firma del gestore fatta al momento dell'esportazione, alla data della firma.
export-sent-message = Messaggio inviato (come consegnato al gestore)
export-file = File
export-size = Dimensione
export-bytes = { $size ->
    [one] { $size } byte
   *[other] { $size } byte
}
export-event-time = Data dell'evento
export-source = Provenienza
export-signature = Firma del gestore
export-plain-message = Messaggio ordinario senza firma del gestore: è il messaggio come lo ha scritto il mittente; il suo contenuto è certificato dalle ricevute che lo contengono.
export-signer = Firmatario
export-signer-sha256 = Impronta del certificato
export-chain = Catena
export-signing-time = Ora della firma
export-note = Nota
export-daticert-file = Dati di certificazione
export-signature-file = Firma (smime.p7s)
export-inner-file = Messaggio originale
export-chain-file = Certificati del gestore
export-anchor-file = Ancora di fiducia
export-howto-hashes = Integrità dei file
export-howto-hashes-text = Nella cartella del fascicolo, questo comando ricalcola l'impronta SHA-256 di ogni file e la confronta con il MANIFEST; ogni riga deve dire OK:
export-howto-hashes-other = Su macOS il primo comando qui sotto fa lo stesso; su Windows il secondo mostra l'impronta di un file, da confrontare con la riga del MANIFEST.
export-howto-signatures = Firme dei gestori
export-howto-signatures-text = Con OpenSSL, ogni messaggio firmato si verifica così, alla data della firma, fidandosi solo dell'ancora indicata; il comando deve rispondere "Verification successful":
export-howto-no-signature = Nessun messaggio di questo fascicolo ha una firma verificata da un'ancora di fiducia.
export-howto-attime = -attime è l'ora della firma in secondi dal 1° gennaio 1970 (UTC): i certificati dei gestori durano circa tre anni, quindi una ricevuta d'archivio va verificata alla data in cui fu firmata. Su Windows scrivere -out NUL al posto di -out /dev/null.
export-howto-anchor = L'ancora di fiducia
export-howto-anchor-text = Non fidarsi dell'ancora solo perché è nel fascicolo: confrontarne l'impronta con quella pubblicata dall'autorità di certificazione o dall'elenco dei certificati radice del proprio sistema.
export-anchor-subject = Soggetto
export-howto-sigillo = Con Sigillo
export-page = pag. { $page } di { $total }
export-unknown = non indicata
export-no-subject = (senza oggetto)
export-index-title = Indice dei fascicoli esportati
export-index-intro = Questa esportazione contiene { $count ->
    [one] { $count } fascicolo
   *[other] { $count } fascicoli
}, ciascuno nella sua cartella con il proprio rapporto (report.pdf) e il proprio MANIFEST.
export-index-howto = Il MANIFEST in cima all'esportazione elenca l'impronta di ogni file di ogni fascicolo:
export-folder = Cartella
export-kind = Tipo
export-kind-sent = PEC inviata, con le ricevute
export-kind-received = PEC ricevuta
export-kind-single = messaggio
export-signatures = Firme
export-signatures-count = { $valid ->
    [one] { $valid } valida
   *[other] { $valid } valide
}, { $invalid ->
    [one] { $invalid } non valida
   *[other] { $invalid } non valide
}
export-csv-folder = cartella
export-csv-kind = tipo
export-csv-date = data
export-csv-subject = oggetto
export-csv-sender = mittente
export-csv-recipients = destinatari
export-csv-signatures-valid = firme valide
export-csv-signatures-invalid = firme non valide
export-error-empty = niente da esportare: nessuna PEC inviata o ricevuta corrisponde alla richiesta.
export-error-exists = { $path } esiste già: scegliere un altro nome o rimuoverlo (oppure usare --replace).
export-error-write = impossibile scrivere { $path }: { $reason }
export-error-zip = impossibile scrivere l'archivio ZIP { $path }: { $reason }
export-error-pdf = impossibile produrre il rapporto PDF: { $reason }
export-error-cancelled = esportazione annullata: non è stato scritto nulla.
cli-export-nothing = indicare almeno un messaggio (id dell'archivio) oppure --since/--until.
cli-export-progress = Esportazione: { $done } di { $total ->
    [one] { $total } messaggio
   *[other] { $total } messaggi
}
cli-export-done = Scritto { $path } ({ $files ->
    [one] { $files } file
   *[other] { $files } file
}).
cli-export-dossier = messaggio { $message } → { $folder }: firme valide { $valid }, non valide { $invalid }
cli-export-report = Rapporto: { $file }
cli-export-failed = esportazione non riuscita: { $reason }
cli-dossier-no-manifest = { $path } non è un fascicolo: manca il MANIFEST in cima.
cli-dossier-ok = OK
cli-dossier-fail = ERRORE
cli-dossier-intact = Fascicolo integro: { $files ->
    [one] l'unico file corrisponde al MANIFEST
   *[other] tutti i { $files } file corrispondono al MANIFEST
} e { $signatures ->
    [one] { $signatures } firma di gestore è valida alla data della firma.
   *[other] { $signatures } firme dei gestori sono valide alla data della firma.
}
cli-dossier-not-intact =
    { $count ->
        [one] Fascicolo NON integro: un file non supera la verifica: { $files }
       *[other] Fascicolo NON integro: { $count } file non superano la verifica: { $files }
    }
check-altered = modificato: la sua impronta SHA-256 è { $actual }, il MANIFEST dice { $expected }
check-missing = manca: è elencato nel MANIFEST ma non c'è
check-not-listed = non elencato in { $manifest }: è stato aggiunto dopo l'esportazione
check-unreadable = illeggibile: { $reason }
check-unsafe-path = nome non sicuro (percorso fuori dal fascicolo, collegamento o nome non ammesso)
check-manifest-not-manifest = non è un MANIFEST di Sigillo (la prima riga è diversa)
check-manifest-not-text = il MANIFEST non è testo
check-manifest-bad-line = la riga { $line } del MANIFEST non è né un commento né una voce
check-manifest-unsafe-path = la riga { $line } del MANIFEST nomina un percorso non sicuro: { $path }
check-manifest-duplicate = la riga { $line } del MANIFEST ripete { $path }
check-manifest-no-self-hash = manca l'ultima riga del MANIFEST (manifest-sha256)
check-manifest-self-hash = il MANIFEST è stato modificato dopo l'esportazione (la sua impronta non corrisponde)
check-signature-not-valid = firma del gestore non valida: { $status }. { $explanation }
check-not-from-source = non corrisponde a quanto contenuto in { $source }
check-no-source = il messaggio da cui proviene ({ $source }) non è nel fascicolo
check-not-certificate = non contiene certificati
check-hash-matches = impronta SHA-256 uguale al MANIFEST
check-manifest-intact = MANIFEST integro, { $entries } file elencati
check-signature-valid = firma del gestore valida: { $signer }, firmato il { $time } ({ $source })
check-plain-message = messaggio ordinario senza firma del gestore (il messaggio come inviato)
check-from-source = identico a quanto contenuto in { $source }
check-certificate = certificato { $subject } (SHA-256 { $sha256 }); non è un'ancora del tuo elenco di fiducia
check-certificate-trusted = certificato { $subject } (SHA-256 { $sha256 }); è un'ancora del tuo elenco di fiducia
export-entity-file = Parte firmata (da verificare con OpenSSL)
## Connessioni, account, sincronizzazione e invio
net-stage-connect = apertura della connessione
net-stage-tls = connessione sicura (TLS)
net-stage-greeting = attesa del benvenuto del server
net-stage-login = accesso
net-stage-command = attesa di una risposta
net-error-dns = Il server { $host } non esiste o il nome non si risolve ({ $detail }). Controlla il nome del server e la connessione a Internet.
net-error-tcp = Impossibile collegarsi a { $host } sulla porta { $port } ({ $detail }). Controlla porta, firewall e connessione.
net-error-timeout = { $host } (porta { $port }) non ha risposto in tempo durante: { $stage }. Riprova più tardi.
net-error-cert-untrusted = Il certificato di { $host } non è firmato da un'autorità riconosciuta da questo computer (emesso da: { $issuer }). Impronta SHA-256: { $fingerprint }. Se coincide con quella comunicata dal gestore, puoi fissarla per questo account.
net-error-cert-expired = Il certificato di { $host } è scaduto il { $date }: la connessione non è sicura. Avvisa il gestore.
net-error-cert-not-yet-valid = Il certificato di { $host } è valido solo dal { $date }: controlla data e ora del computer.
net-error-cert-wrong-host = Il certificato presentato da { $host } è intestato ad altri nomi ({ $names }): potrebbe non essere il server giusto. Controlla il nome del server.
net-error-pin-mismatch = Il certificato di { $host } non è quello fissato per questo account (atteso { $expected }, ricevuto { $found }). Se il gestore l'ha rinnovato, verifica la nuova impronta e fissala di nuovo; altrimenti non collegarti.
net-error-tls = La connessione sicura con { $host } non è riuscita: { $detail }
net-error-starttls = { $host } non offre STARTTLS: usa la connessione cifrata diretta (TLS) o un'altra porta.
net-error-login = Il server ha rifiutato nome utente o password ({ $detail }). Controlla le credenziali (o la password per i programmi di posta del gestore).
net-error-folder = Impossibile aprire la cartella { $folder }: { $detail }
net-error-protocol = Il server ha risposto in modo non valido: { $detail }
net-error-refused = Il server ha rifiutato { $command }: { $detail }
net-error-unavailable = Il server non ha potuto eseguire { $command } ora: { $detail }. La prossima sincronizzazione riprova.
net-error-lost = La connessione si è interrotta: { $detail }. Nulla è andato perso: la prossima sincronizzazione riprende da qui.
compose-error-bcc = La PEC non ammette destinatari nascosti (Ccn/Bcc): metti ogni destinatario in A o in Cc.
compose-error-no-recipients = Manca un destinatario nel campo A.
compose-error-address = «{ $address }» non è un indirizzo di posta valido.
compose-error-too-large = Il messaggio pesa { $size ->
    [one] { $size } byte
   *[other] { $size } byte
} per { $recipients ->
    [one] { $recipients } destinatario
   *[other] { $recipients } destinatari
} ({ $total ->
    [one] { $total } byte
   *[other] { $total } byte
} in tutto): supera il limite del gestore di { $limit ->
    [one] { $limit } byte
   *[other] { $limit } byte
}. Riduci gli allegati o i destinatari.
compose-error-sender = Il messaggio è di { $found }, ma questo account invia come { $expected }.
compose-error-unreadable = Il messaggio non è leggibile: { $detail }
compose-error-build = Impossibile comporre il messaggio: { $detail }
send-error-net = Messaggio non inviato: { $reason }
send-error-store-unavailable = Impossibile aprire l'archivio dei messaggi: niente è stato inviato ({ $reason }).
send-error-store = Il messaggio è stato inviato, ma non è stato possibile conservarlo nell'archivio: { $reason }
send-error-uncertain = Esito incerto: la connessione si è interrotta dopo che il messaggio { $id } era stato consegnato al gestore ({ $reason }). Il gestore potrebbe averlo accettato, e Sigillo non lo ha inviato di nuovo. Prima di rinviarlo, sincronizzare la casella e cercarne la ricevuta di accettazione.
account-error-no-config-dir = Impossibile trovare la cartella delle impostazioni: imposta SIGILLO_CONFIG_DIR.
account-error-io = Impossibile usare il file degli account { $path }: { $reason }
account-error-invalid = Il file degli account { $path } non è valido: { $detail }
account-error-exists = Esiste già un account chiamato { $id }.
account-error-not-found = Non esiste un account chiamato { $id }.
account-error-invalid-id = «{ $id }» non può essere il nome di un account: usa lettere, cifre, «-», «_» o «.».
account-error-missing-login = Manca il nome utente.
account-error-no-address = Indica l'indirizzo PEC della casella (per esempio nome@pec.esempio.it).
account-error-invalid-server = { $server } non è un server valido.
account-error-unknown-preset = Non c'è un gestore predefinito chiamato { $preset }.
keyring-unavailable = Nessun portachiavi di sistema disponibile ({ $reason }): la password non viene salvata e sarà chiesta ogni volta.
keyring-failed = Il portachiavi di sistema ha dato un errore: { $reason }
recipient-hint-certified-before = { $address }: casella PEC (lo dice una ricevuta già ricevuta).
recipient-hint-probably-pec = { $address }: probabilmente PEC (dominio di un gestore noto).
recipient-hint-external-before = { $address }: fuori dalla PEC secondo una ricevuta precedente. Non arriverà la ricevuta di consegna.
recipient-hint-probably-not-pec = { $address }: probabilmente non è una casella PEC (dominio non riconosciuto). Se non lo è, non arriverà la ricevuta di consegna: lo dirà con certezza la ricevuta di accettazione.
preset-confirmed = verificato
preset-to-check = da verificare
sync-connecting = { $account }: collegamento…
sync-connected = { $account }: collegato.
sync-folder = { $account }/{ $folder }: { $count ->
    [one] un messaggio nuovo da scaricare
   *[other] { $count } messaggi nuovi da scaricare
}
sync-stored = { $account }/{ $folder }: { $done } di { $total }
sync-uidvalidity = { $account }/{ $folder }: il server ha rinumerato la cartella; la si riscarica, le copie già conservate restano.
sync-finished = { $account }: sincronizzazione completata, { $fetched ->
    [one] { $fetched } scaricato
   *[other] { $fetched } scaricati
}, { $new ->
    [one] { $new } nuovo.
   *[other] { $new } nuovi.
}
sync-waiting-idle = { $account }: in attesa di nuova posta (notifica immediata dal server, controllo ogni { $seconds } s).
sync-waiting-poll = { $account }: prossimo controllo fra { $seconds } s.
sync-retrying = { $account }: { $reason } Nuovo tentativo fra { $seconds } s.
sync-failed = { $account }: sincronizzazione interrotta: { $reason }
send-prepared = Messaggio pronto: { $bytes ->
    [one] { $bytes } byte
   *[other] { $bytes } byte
} per { $recipients ->
    [one] { $recipients } destinatario.
   *[other] { $recipients } destinatari.
}
send-connecting = Collegamento al server di posta in uscita…
send-submitting = Invio in corso…
send-submitted = Il gestore ha preso in carico il messaggio ({ $reply }).
send-stored = Conservato nell'archivio (numero { $id }).
send-appending = Salvataggio della copia nella cartella { $folder }…
send-appended = Copia salvata nella cartella { $folder } del server.
send-append-failed = Il messaggio è stato inviato e conservato, ma la copia nella cartella Inviata del server non è stata salvata: { $reason }
cli-account-none = Nessun account configurato. Aggiungine uno con: sigillo account add
cli-account-added = Account { $id } aggiunto ({ $address }).
cli-account-removed = Account { $id } rimosso. I messaggi già scaricati restano nell'archivio.
cli-account-password-stored = Password conservata nel portachiavi del sistema.
cli-account-password-kept = password nel portachiavi
cli-account-password-missing = nessuna password salvata
cli-account-password-unknown = portachiavi non disponibile
cli-account-pinned = certificato fissato { $fingerprint }
cli-account-preset = Gestore { $name } ({ $status }). Fonte: { $source }
cli-account-preset-why = Da verificare: { $why }
cli-account-ask-id = Nome breve dell'account (es. studio):
cli-account-ask-address = Indirizzo PEC:
cli-account-ask-preset = Gestore ({ $list }; lascia vuoto per impostazioni personalizzate):
cli-account-ask-incoming = Server della posta in arrivo IMAP (host[:porta]):
cli-account-ask-smtp = Server della posta in uscita SMTP (host[:porta]):
cli-account-ask-pin = Fissare questo certificato per { $host }? Confronta prima l'impronta con quella indicata dal gestore. [s/N]
cli-account-pin-set = Certificato fissato per { $host }: { $fingerprint }
cli-account-test-saved = L'account è salvato comunque: correggi le impostazioni e riprova con «sigillo account test { $id }».
cli-account-testing = Prova della connessione di { $id }…
cli-password-prompt = Password di { $address }:
cli-password-missing = Nessuna password per { $id }: non è nel portachiavi e non c'è un terminale per chiederla. Usa --password-stdin.
cli-password-empty = Nessuna password letta.
cli-check-incoming-ok = Posta in arrivo ({ $protocol } { $host }): connessione sicura e accesso riusciti (cartelle: { $folders }; messaggi nella posta in arrivo: { $messages }).
cli-check-smtp-ok = Posta in uscita (SMTP { $host }): connessione sicura e accesso riusciti.
cli-check-incoming-failed = Posta in arrivo ({ $protocol } { $host }): { $reason }
cli-check-smtp-failed = Posta in uscita (SMTP { $host }): { $reason }
cli-error-account-needed = Ci sono più account: indica quale con --account.
cli-error-stdin-twice = --password-stdin e --body-file - non possono leggere entrambi lo standard input.
cli-error-fingerprint = «{ $value }» non è un'impronta SHA-256 (64 cifre esadecimali).
cli-error-server = «{ $value }» non è un server (host oppure host:porta).
cli-error-missing = Manca { $what }: passalo con { $flag }.
cli-sync-summary = { $account }: { $fetched ->
    [one] un messaggio scaricato
   *[other] { $fetched } messaggi scaricati
}, { $new ->
    [one] uno nuovo
   *[other] { $new } nuovi
}.
cli-sync-deleted = { $account }: { $count ->
    [one] un messaggio cancellato
   *[other] { $count } messaggi cancellati
} dal server, come richiesto.
cli-sync-seen = { $account }: { $count ->
    [one] un messaggio letto qui risulta
   *[other] { $count } messaggi letti qui risultano
} ora letti anche sul server.
cli-send-recipients = Destinatari:
cli-send-sent = Messaggio inviato (Message-ID { $id }). Le ricevute arriveranno con la prossima sincronizzazione.
cli-presets-title = Gestori predefiniti (ogni valore si può cambiare):
preset-why-aruba = la copia consultata della fonte conferma smtps.pec.aruba.it come server in uscita; nomi dei server IMAP/POP3, porte, limite di dimensione e salvataggio della copia inviata da parte del gestore non vi comparivano.
preset-why-poste = la fonte descrive il servizio ma la copia consultata non riporta i nomi dei server: nomi e porte non sono confermati.
preset-why-legalmail = le FAQ del gestore indicano mbox.cert.legalmail.it e sendm.cert.legalmail.it; le porte sono quelle standard con TLS diretto e non comparivano nella fonte (le stesse FAQ limitano l'invio a 6 messaggi al minuto).
preset-why-namirial = è stata trovata solo una copia di terzi del manuale utente di Namirial, senza i nomi dei server: nomi e porte non sono confermati.
preset-why-register = nessuna fonte consultabile: nomi dei server, porte e domini delle caselle non sono confermati.
preset-why-actalis = nessuna fonte consultabile: nomi dei server, porte e domini delle caselle non sono confermati.

## Caselle nella finestra, tastiera, file, risposte e stampa
account-phase-starting = in avvio
account-phase-no-password = manca la password: inseriscila nelle Impostazioni, Caselle.
account-phase-connecting = collegamento…
account-phase-syncing = { $folder }: { $done } di { $total }
account-phase-waiting = aggiornata, in attesa di nuova posta
account-phase-retrying = { $reason } Nuovo tentativo fra { $seconds } s.
account-phase-failed = ferma: { $reason }
account-last-sync = ultima sincronizzazione { $when }, { $new ->
    [one] 1 messaggio nuovo
   *[other] { $new } messaggi nuovi
}
account-last-sync-never = nessuna sincronizzazione completata in questa sessione
account-status-line = { $account }: { $state }
account-password-valid-until = Password per programmi di posta valida fino al { $when }.
account-password-expires-soon = La password per programmi di posta scade il { $when }: rinnovala su { $url } e poi inserisci quella nuova qui.
account-password-expired = La password per programmi di posta è scaduta il { $when }: rinnovala su { $url } e poi inserisci quella nuova qui.
account-login-refused = Il server ha rifiutato l'accesso: controlla la password (e il nome utente) nelle Impostazioni, Caselle.
account-login-refused-app-password = Il server ha rifiutato l'accesso. Con la verifica in due passaggi, { $provider } chiede ai programmi di posta una password dedicata, che può essere scaduta: rinnovala su { $url } e inseriscila qui.
account-app-password-lifetime = Quella password dura { $days } giorni (fonte: { $source }).
gui-account-no-messages = nessun messaggio scaricato
gui-accounts-title = Caselle PEC
gui-accounts-add = Aggiungi una casella
gui-accounts-none = Nessuna casella configurata.
gui-accounts-counts = { $unread } da leggere su { $total ->
    [one] 1 messaggio
   *[other] { $total } messaggi
}
gui-accounts-quota = casella piena al { $percent }%
gui-accounts-quota-used = { $mb } MB in attesa sul server
gui-accounts-incoming = In arrivo: { $host }:{ $port } ({ $security })
gui-accounts-outgoing = In uscita (SMTP): { $host }:{ $port } ({ $security })
gui-accounts-pinned = certificato fissato
gui-security-tls = TLS diretto
gui-security-starttls = STARTTLS
gui-accounts-syncing = Sincronizzazione…
gui-accounts-test = Prova la connessione
gui-accounts-edit = Modifica
gui-accounts-remove = Rimuovi
gui-accounts-editing = Modifica di { $account } ({ $address })
gui-accounts-login = Nome utente
gui-accounts-new-password = Nuova password
gui-accounts-new-password-placeholder = lascia vuoto per tenere quella attuale
gui-accounts-password-note = La nuova password va solo nel portachiavi del sistema e sostituisce quella di prima; qui si annota solo la data.
gui-accounts-pin-incoming = Certificato fissato per il server in arrivo: { $fingerprint }
gui-accounts-pin-outgoing = Certificato fissato per il server in uscita: { $fingerprint }
gui-accounts-pin-forget = Dimentica
gui-accounts-notify = Notifiche sul desktop per le nuove PEC e i problemi di consegna di questa casella
gui-accounts-save = Salva le modifiche
gui-accounts-saved = Casella { $account } salvata: la sincronizzazione riparte con le nuove impostazioni.
gui-accounts-test-needs-password = Per provare la connessione scrivi la password: in questa sessione non è disponibile.
gui-accounts-remove-question = Rimuovere la casella { $account } ({ $address })?
gui-accounts-remove-stays = Restano nell'archivio di Sigillo { $count ->
    [one] il suo messaggio scaricato, con le firme e le ricevute
   *[other] i suoi { $count } messaggi scaricati, con le firme e le ricevute
}; sul server non si cancella nulla.
gui-accounts-remove-goes = Si cancellano le impostazioni della casella e la sua password dal portachiavi.
gui-accounts-remove-confirm = Rimuovi la casella
gui-accounts-removed = Casella { $account } rimossa. I suoi messaggi restano nell'archivio.
gui-accounts-keyring-delete-failed = Impossibile cancellare la password dal portachiavi: { $reason }
gui-cancel = Annulla
gui-untested-question = La connessione non è stata provata con questi dati, o la prova non è riuscita. Salvare comunque?
gui-untested-explained = Una casella salvata con dati sbagliati non riceve né invia nulla: la prova dice subito quale passaggio non funziona.
gui-untested-save-anyway = Salva comunque
gui-wizard-help-address = L'indirizzo PEC completo: è il mittente dei messaggi che invii.
gui-wizard-login-placeholder = uguale all'indirizzo PEC
gui-wizard-help-login = Il nome con cui entri nella casella; quasi sempre è l'indirizzo PEC completo. Lascialo vuoto per usare l'indirizzo.
gui-wizard-app-password-help = Se hai attivato la verifica in due passaggi, { $provider } non accetta la password di sempre dai programmi di posta: creane una «per programmi di posta» su { $url } e scrivi quella.
gui-wizard-help-servers = Server in arrivo: IMAP (di solito porta 993) o POP3 (995) con TLS diretto; STARTTLS usa le porte 143 e 110. Server in uscita: SMTP con TLS diretto (465) o STARTTLS (587). Li trovi nella guida del gestore.
gui-wizard-preset-servers = Si useranno: in arrivo { $incoming } ({ $insecurity }), in uscita { $smtp } ({ $smtpsecurity }).
gui-wizard-pinned = Certificato fissato per { $host }: { $fingerprint }
reply-prefix = Re:
reply-forward-prefix = I:
reply-quote-header = Il { $date }, { $sender } ha scritto:
reply-forwarded-header = ---------- Messaggio inoltrato ----------
reply-forwarded-from = Da: { $sender }
reply-forwarded-date = Data: { $date }
reply-forwarded-subject = Oggetto: { $subject }
reply-forwarded-to = A: { $to }
reply-proof-body = In allegato il messaggio originale così come è stato conservato, firmato dal gestore PEC e non modificato: aprendo il file .eml con un programma che verifica la PEC si controlla la firma del gestore.
reply-proof-file-envelope = busta-pec-firmata.eml
reply-proof-file-message = messaggio-originale.eml
gui-key-enter = Invio
gui-keys-move = Sposta la selezione nell'elenco dei messaggi
gui-keys-open = Apre il messaggio selezionato
gui-keys-fields = Passa al campo successivo o precedente
gui-keys-search = Cerca nella posta
gui-keys-compose = Scrive una nuova PEC
gui-keys-reply = Risponde al messaggio aperto
gui-keys-reply-all = Risponde a tutti
gui-keys-forward = Inoltra il messaggio aperto
gui-keys-send = Invia il messaggio che stai scrivendo
gui-keys-print = Stampa il messaggio aperto
gui-key-delete = Canc
gui-keys-delete = Elimina il messaggio (chiede conferma se è una prova)
gui-keys-undo = Annulla l'eliminazione appena fatta
gui-keys-escape = Chiude menu, finestre e questo aiuto; altrimenti lascia il campo (le frecce tornano all'elenco)
gui-keys-help = Mostra o nasconde questo elenco
gui-keys-title = Scorciatoie da tastiera
gui-keys-close = Chiudi
gui-reply = Rispondi
gui-reply-all = Rispondi a tutti
gui-forward = Inoltra
gui-forward-proof = Inoltra come prova
gui-forward-proof-explained = Allega la busta firmata dal gestore così com'è, perché il destinatario possa verificarla.
gui-reply-no-original = Questa busta non contiene un messaggio originale leggibile: non c'è un testo certificato da citare. Puoi inoltrarla come prova.
gui-reply-unreadable = Il messaggio non è leggibile: impossibile preparare la risposta.
gui-reply-from-unverified = Il messaggio citato è quello contenuto nella busta, ma la firma del gestore non lo garantisce.
gui-chooser-title-files = Scegli i file
gui-chooser-title-folder = Scegli una cartella
gui-chooser-title-save = Salva con nome
gui-chooser-explained = Il sistema non offre una finestra di scelta dei file (manca il portale del desktop): scegli qui, oppure scrivi il percorso e premi Invio.
gui-chooser-up = Su
gui-chooser-empty = Nessun file adatto in questa cartella.
gui-chooser-not-found = { $path } non esiste.
gui-chooser-name = Nome del file
gui-chooser-choose = Scegli
gui-chooser-this-folder = Usa questa cartella
gui-chooser-save = Salva
gui-compose-browse = Scegli i file…
gui-compose-drop-hint = Puoi anche trascinare i file nella finestra per allegarli.
gui-files-attachment-missing = l'allegato non si trova più nel messaggio
gui-files-no-documents = nessuna cartella Documenti
gui-files-open-folder-failed = Impossibile aprire la cartella: { $reason }
gui-files-title-anchor = Certificato o elenco di revoca di cui fidarsi
gui-files-title-attach = File da allegare
gui-files-title-export = Cartella in cui esportare il fascicolo
gui-files-title-import-files = File .eml o mbox da importare
gui-files-title-import-folder = Cartella Maildir (o di file .eml) da importare
gui-files-title-save = Dove salvare
gui-import = Importa…
gui-import-what = Importa nell'archivio:
gui-import-files = File .eml o mbox…
gui-import-folder = Cartella Maildir…
gui-import-demo = Nella casella dimostrativa non si importa: aggiungi la tua casella PEC o apri un profilo.
gui-import-running = Importazione in corso: i messaggi vengono conservati e le firme verificate…
gui-import-done = Importazione completata: { $imported ->
    [one] 1 messaggio nuovo
   *[other] { $imported } messaggi nuovi
}, { $duplicates ->
    [one] { $duplicates } già presente.
   *[other] { $duplicates } già presenti.
}
gui-import-unreadable = Non letto: { $path } ({ $reason }).
gui-import-failed = Importazione non riuscita: { $reason }
gui-notify-open = Apri
gui-open-folder = Apri cartella
gui-print = Stampa
gui-print-starting = Preparazione della stampa…
gui-print-opened = PDF da stampare aperto con il visualizzatore del sistema: { $path }
gui-print-failed = Stampa non riuscita: { $reason }
gui-print-no-viewer = Nessun visualizzatore di PDF si è aperto ({ $program }: { $detail }). Con «Esporta in…» salvi il fascicolo, con il suo PDF, e lo stampi da un altro programma.
gui-print-exit-code = codice { $code }
gui-settings-browse = Scegli il file…
print-outcome = Esito
print-to = A
print-cc = Cc
print-text = Testo
print-original-unverified = La firma del gestore non garantisce questo messaggio: è il contenuto della busta così com'è.

## Caselle e sincronizzazione
gui-sync-now = Sincronizza ora
gui-wizard-title = Aggiungi la tua casella PEC
gui-wizard-explained = Scegli il gestore (o inserisci i server), l'indirizzo e la password. La password va solo nel portachiavi del sistema, mai in un file.
gui-wizard-provider = Gestore
gui-wizard-custom = Altro gestore (server da inserire)
gui-wizard-address = Indirizzo PEC
gui-wizard-password = Password
gui-wizard-password-note = Se il gestore prevede una password per le applicazioni, usa quella.
gui-wizard-imap-note = IMAP: si sincronizzano tutte le cartelle, compresa la posta inviata; i messaggi restano sul server.
gui-wizard-pop3-note = POP3: si scarica solo la posta in arrivo. I messaggi restano sul server: cancellarli è il modo più comune di perdere le ricevute, e Sigillo non lo fa se non lo chiedi.
gui-wizard-in-server = Server in arrivo (host, porta)
gui-wizard-smtp-server = Server di invio SMTPS (host, porta)
gui-wizard-preset-source = Parametri del gestore da: { $source }
gui-wizard-test = Prova la connessione
gui-wizard-testing = Prova in corso…
gui-wizard-save = Salva la casella
gui-wizard-incoming = Ricezione
gui-wizard-smtp = Invio
gui-wizard-incoming-ok = accesso riuscito, { $messages ->
    [one] { $messages } messaggio in arrivo
   *[other] { $messages } messaggi in arrivo
}
gui-wizard-smtp-ok = accesso riuscito
gui-wizard-pin-explained = Il server presenta un certificato che il sistema non riconosce. Fidati solo se il gestore ti ha comunicato questa impronta.
gui-wizard-pin = Fidati di questo certificato ({ $fingerprint })
gui-wizard-invalid = Dati non validi: { $reason }
gui-wizard-no-password = Inserisci la password.
gui-wizard-keyring-unavailable = Il portachiavi del sistema non è disponibile: la password non verrà salvata e sarà chiesta a ogni avvio.
gui-wizard-keyring-failed = Impossibile salvare la password nel portachiavi: { $reason }. Verrà chiesta a ogni avvio.
gui-notify-new-pec = Nuova PEC
gui-notify-new-pec-body = È arrivato un messaggio di posta certificata.
gui-notify-failure = Problema di consegna
gui-notify-failure-body = Una PEC inviata non è stata accettata o consegnata: controlla gli esiti.
gui-compose-sent = Inviato: arriverà la ricevuta di accettazione e poi quelle di consegna.
gui-compose-no-password = La password di questa casella non è disponibile in questa sessione.
gui-export = Esporta la prova legale
gui-export-as = Esporta in…
gui-export-cancel = Interrompi l'esportazione
gui-export-starting = Esportazione in corso…
gui-export-progress = Esportazione: { $done } di { $total ->
    [one] { $total } messaggio
   *[other] { $total } messaggi
}
gui-export-done = Dossier esportato in { $path } (con report PDF e MANIFEST delle impronte).
gui-export-failed = Esportazione non riuscita: { $reason }
gui-quota-warning = La casella { $account } è piena al { $percent }%.
gui-quota-critical = La casella { $account } è quasi piena ({ $percent }%): libera spazio subito.
gui-quota-explained = Una casella PEC piena rifiuta la posta certificata in arrivo: il mittente riceve un avviso di mancata consegna che vale contro il titolare della casella.
gui-filter-all-documents = Tutti i documenti
gui-filter-invoices = Fatture
gui-filter-sdi = Notifiche SdI
gui-original-unverified-note = Messaggio originale contenuto nella busta: la firma del gestore non lo garantisce.
gui-open-attachment = Apri
gui-attachment-open-failed = Impossibile aprire l'allegato: { $reason }
gui-settings-pop3-delete = Cancella dal server POP3 dopo (giorni; vuoto = mai)
gui-settings-pop3-saved = Regola di cancellazione salvata per { $account }.

## PEC europea (REM, ETSI EN 319 532)
rem-format-label = PEC europea (REM)
rem-badge = REM
format-pec = PEC
format-rem = PEC europea
rem-event = Evento REM
rem-reason = Motivo
rem-evidence = Evidenza REM
rem-refers-to = Riguarda
rem-ua-message-id = Message-ID del mittente
rem-evidence-id = Identificativo dell'evidenza
rem-submission-time = Inviato il
rem-event-time = Evento del
rem-assurance = livello di garanzia { $level }
rem-outside = fuori dal circuito REM
rem-digest-matches = L'originale allegato corrisponde all'impronta certificata nell'evidenza.
rem-event-SubmissionAcceptance = Accettazione da parte del gestore del mittente
rem-event-SubmissionRejection = Rifiuto da parte del gestore del mittente
rem-event-RelayAcceptance = Presa in carico dal gestore del destinatario
rem-event-RelayRejection = Rifiuto da parte del gestore del destinatario
rem-event-RelayFailure = Inoltro al gestore del destinatario non riuscito
rem-event-ContentConsignment = Consegna nella casella del destinatario
rem-event-ContentConsignmentFailure = Mancata consegna nella casella del destinatario
rem-event-ContentHandover = Contenuto ritirato dal destinatario
rem-event-ContentHandoverFailure = Ritiro del contenuto non riuscito
rem-event-RelayToNonERDS = Inoltro a un sistema di posta non REM
rem-event-RelayToNonERDSFailure = Inoltro a un sistema di posta non REM non riuscito
rem-event-ReceivedFromNonERDS = Ricevuto da un sistema di posta non REM (non certificato)
rem-reason-MessageAccepted = Messaggio accettato.
rem-reason-InvalidMessageFormat = Formato del messaggio non valido.
rem-reason-MalwareFound = Nel messaggio è stato trovato un malware.
rem-reason-S_ERDS_PolicyViolation = Il messaggio viola le regole del gestore del mittente (per esempio dimensione massima superata o allegati di formato non ammesso).
rem-reason-S_ERDS_Malfunction = Malfunzionamento del gestore del mittente.
rem-reason-S_ERDS_MessageSuccessfullyRelayed = Messaggio inoltrato con successo al gestore del destinatario.
rem-reason-R_ERDS_MessageRejected = Il gestore del destinatario ha ricevuto il messaggio ma lo ha rifiutato: formato non valido.
rem-reason-R_ERDS_MessageRejectedForMalware = Il gestore del destinatario ha rifiutato il messaggio: contiene un malware.
rem-reason-R_ERDS_MessageRejectedForInvalidSignature = Il gestore del destinatario ha rifiutato il messaggio: firma del gestore non valida o contraria alle regole.
rem-reason-R_ERDS_MessageRejectedForInvalidCertificate = Il gestore del destinatario ha rifiutato il messaggio: il certificato di firma del gestore è scaduto o revocato.
rem-reason-R_ERDS_PolicyViolation = Il gestore del destinatario ha rifiutato il messaggio: viola le sue regole (dimensione, formato degli allegati, gestore mittente non ammesso).
rem-reason-R_ERDS_Malfunction = Messaggio non inoltrato: malfunzionamento del gestore del destinatario.
rem-reason-R_ERDS_NotIdentified = Messaggio non inoltrato: il gestore del destinatario non è stato individuato.
rem-reason-R_ERDS_Unreachable = Messaggio non inoltrato: il gestore del destinatario non è raggiungibile.
rem-reason-UnknownRecipient = Messaggio non inoltrato: destinatario sconosciuto.
rem-reason-MessageNotAcceptedForUnregisteredRecipient = Il gestore del destinatario ha rifiutato il messaggio: il destinatario non è registrato presso di lui.
rem-reason-S_ERDSP_ReceivedNoRelayAcceptanceInfoFromR_ERDSP = Il gestore del mittente non ha ricevuto in tempo la presa in carico dal gestore del destinatario.
rem-reason-MessageConsignedToRecipient = Messaggio consegnato nella casella del destinatario.
rem-reason-S_ERDSP_ReceivedNoDeliveryInfoFromR_ERDSP = Il gestore del mittente non ha ricevuto in tempo l'esito della consegna dal gestore del destinatario.
rem-reason-MessageNotConsignedForQuota = Messaggio non consegnato: la casella del destinatario è piena.
rem-reason-MessageNotConsignedForMalfunction = Messaggio non consegnato: malfunzionamento tecnico.
rem-reason-MessageNotConsignedForUnallowedType = Messaggio non consegnato: il destinatario non accetta questo tipo di messaggio.
rem-reason-MessageNotConsignedForUnregisteredRecipient = Messaggio non consegnato: il destinatario non è registrato presso il suo gestore.
rem-reason-MessageRelayedToNonERDS = Messaggio inoltrato a un sistema di posta non REM: da lì in poi la consegna non è certificata.
rem-reason-ExternalSystemUnreachable = Il sistema di posta non REM del destinatario non è raggiungibile.
rem-reason-MessageRejectedByExternalSystem = Il sistema di posta non REM del destinatario ha rifiutato il messaggio.
rem-reason-RelayToNonERDSNotAllowed = L'inoltro a sistemi di posta non REM non è consentito dalla configurazione del gestore.
rem-reason-MessageReceivedFromNonERDS = Messaggio ricevuto da un sistema di posta non REM: il contenuto non è certificato.
warn-rem-header-differs = L'intestazione { $header } (non firmata) dice «{ $outer }», l'evidenza firmata dice «{ $certified }»: vale l'evidenza.
warn-rem-no-evidence = Il messaggio si presenta come REM ma non contiene un'evidenza firmata.
warn-rem-several-evidences = Il messaggio contiene { $count ->
    [one] { $count } evidenza
   *[other] { $count } evidenze
}: è stata letta la prima.
warn-rem-no-original = Il messaggio REM non contiene il messaggio originale.
warn-rem-evidence-issue = Evidenza REM: { $detail }
warn-rem-digest-mismatch = L'originale allegato non corrisponde all'impronta di { $source }: non è il messaggio certificato.
warn-rem-digest-not-checked = L'impronta dell'originale non si è potuta confrontare (manca o usa un algoritmo sconosciuto).
rem-evidence-unreadable = non è XML leggibile ({ $reason }).
rem-evidence-not-evidence = l'elemento principale è «{ $root }», non un'evidenza ETSI.
rem-evidence-unknown-event = evento sconosciuto «{ $value }».
rem-evidence-bad-index = l'indice di destinatario «{ $value }» non corrisponde a nessun destinatario elencato.
rem-evidence-unsigned = l'evidenza non ha una firma XAdES.
trust-rem-list-unreadable = { $path } non è un elenco di fiducia ETSI leggibile: { $reason }
trust-rem-no-service = { $path } non elenca alcun servizio qualificato di recapito certificato (REM).
trust-purpose-pec = PEC
trust-purpose-rem = REM
status-untrusted-explained-rem = La firma è integra, ma chi ha firmato non risulta un gestore REM (PEC europea) riconosciuto: manca un punto di fiducia REM (elenco di fiducia UE o certificato aggiunto per REM).
## Quel che è successo, detto per primo
outcome-at = alle { $time } del { $date }
outcome-someone = destinatario non indicato
outcome-received = PEC certificata ricevuta da { $who }
outcome-anomaly = Anomalia: contenuto non certificato
outcome-anomaly-from = Anomalia: contenuto non certificato (mittente dichiarato { $who })
outcome-accepted = { $count ->
    [0] Accettata dal gestore del mittente
    [one] Accettata dal gestore del mittente per { $count } destinatario
   *[other] Accettata dal gestore del mittente per { $count } destinatari
}
outcome-not-accepted = Non accettata: { $reason }
outcome-taken-over = Presa in carico dal gestore di { $who }
outcome-delivered = Consegnata a { $who }
outcome-not-delivered = NON consegnata a { $who }: { $reason }
outcome-not-yet-delivered = Non ancora consegnata a { $who } dopo 12 ore: il gestore riprova fino a 24 ore
outcome-ordinary = Posta ordinaria da { $who }: non è PEC, nulla è certificato
outcome-unreadable = Messaggio illeggibile: conservato così come è arrivato
outcome-pending = Messaggio in analisi
outcome-not-proven = Non provato: { $what }
outcome-unchecked = Da verificare: { $what }
outcome-claim-for = { $what } per { $who }
outcome-claim-from = { $what } da { $who }
outcome-sent = PEC inviata: { $summary }
outcome-sent-waiting = in attesa della ricevuta di accettazione
outcome-sent-refused = NON accettata: { $reason }
outcome-sent-accepted-one = accettata, in attesa della consegna a { $who }
outcome-sent-late-one = accettata, ma nessuna ricevuta di consegna per { $who } nei tempi
outcome-sent-delivered-all = { $count ->
    [one] consegnata all'unico destinatario
   *[other] consegnata a tutti e { $count } i destinatari
}
outcome-sent-delivered-of = consegnata a { $delivered } di { $certified ->
    [one] { $certified } destinatario
   *[other] { $certified } destinatari
}
outcome-sent-failed = { $count ->
    [one] NON consegnata a { $count } destinatario
   *[other] NON consegnata a { $count } destinatari
}
outcome-sent-late = { $count ->
    [one] { $count } destinatario in ritardo
   *[other] { $count } destinatari in ritardo
}
outcome-sent-waiting-delivery = { $count ->
    [one] { $count } destinatario in attesa di consegna
   *[other] { $count } destinatari in attesa di consegna
}
outcome-sent-external = { $count ->
    [one] { $count } destinatario esterno (nessuna ricevuta di consegna)
   *[other] { $count } destinatari esterni (nessuna ricevuta di consegna)
}
failure-mailbox-unknown = casella inesistente
failure-domain-unknown = dominio inesistente o fuori dalla PEC
failure-mailbox-full = casella piena
failure-virus = virus rilevato
failure-timeout = non consegnata entro 24 ore, trasmissione chiusa con esito negativo
failure-other = errore di consegna
failure-short-mailbox-unknown = casella inesistente
failure-short-domain-unknown = dominio inesistente
failure-short-mailbox-full = casella piena
failure-short-virus = virus
failure-short-timeout = oltre 24 ore
failure-short-other = errore
refusal-blind-copy = destinatari in copia nascosta
refusal-virus = virus rilevato
refusal-other = rifiutata dal gestore
errore-nessuno = nessun errore
errore-no-dest = destinatario errato
errore-no-dominio = dominio errato
errore-virus = virus
errore-altro = errore generico
errore-unknown = { $value } (valore non previsto dalle regole)
badge-received = PEC
badge-anomaly = ANOMALIA
badge-accepted = Accettazione
badge-not-accepted = Non accettata
badge-taken-over = Presa in carico
badge-delivered = Consegna
badge-not-delivered = Mancata consegna
badge-delayed = Ritardo consegna
badge-virus = Virus
badge-sent = PEC inviata
badge-ordinary = Ordinaria
badge-unreadable = Illeggibile
badge-pending = in analisi
badge-not-proven = NON PROVATA
claim-received = messaggio PEC
claim-anomaly = busta di anomalia
claim-accepted = ricevuta di accettazione
claim-not-accepted = avviso di non accettazione
claim-taken-over = ricevuta di presa in carico
claim-delivered = ricevuta di consegna
claim-not-delivered = avviso di mancata consegna
claim-delayed = avviso di ritardo nella consegna
claim-virus = avviso di virus
claim-sent = messaggio inviato
claim-ordinary = posta ordinaria
claim-unreadable = messaggio illeggibile
claim-pending = messaggio in analisi
claim-not-proven = messaggio non provato
short-received = certificata
short-anomaly = non certificata
short-accepted = accettata
short-not-accepted = non accettata: { $reason }
short-taken-over = presa in carico
short-delivered = consegnata
short-not-delivered = non consegnata: { $reason }
short-not-yet-delivered = non ancora consegnata
short-ordinary = non PEC
short-unreadable = illeggibile
short-pending = in analisi
short-not-proven = non provata: { $status ->
        [unsigned] senza firma
        [untrusted] firmatario non fidato
        [expired] certificato scaduto
        [malformed] firma illeggibile
       *[other] firma non valida
    }
short-tampered = MANOMESSA: non prova nulla
short-unchecked = firma da verificare
short-sent-waiting = in attesa di accettazione
short-sent-refused = non accettata
short-sent-failed = { $count ->
    [one] non consegnata a { $count } destinatario
   *[other] non consegnata a { $count } destinatari
}
short-sent-delivered = consegnata a { $delivered } di { $certified }
proof-not-proven-valid = La firma del gestore è valida.
proof-not-proven-tampered = La firma del gestore non corrisponde al contenuto: il messaggio è stato modificato dopo la firma e non prova nulla.
proof-not-proven-untrusted = La firma non è di un gestore PEC riconosciuto: questo messaggio non prova nulla.
proof-not-proven-expired = Il certificato del gestore non era valido quando ha firmato: questo messaggio non prova nulla.
proof-not-proven-unsigned = Manca la firma del gestore: questo messaggio non prova nulla.
proof-not-proven-malformed = La firma del gestore non si può leggere: questo messaggio non prova nulla.
proof-unchecked = La firma del gestore non è ancora stata controllata.
proof-receipts = Messaggio inviato da te: non porta la firma del gestore; lo provano le ricevute qui sotto.
proof-not-certified = Non è PEC: non porta la firma di un gestore e nulla in esso è certificato.
## Prova nel tempo: marca temporale, registro sigillato, verifica, cancellazioni (issue 21)
ts-error-not-configured = Nessuna autorità di marcatura temporale configurata: indicarne l'indirizzo con «sigillo tsa set --url …» o nelle impostazioni.
ts-error-no-anchors = Nessun certificato di fiducia per le autorità di marcatura temporale: aggiungerlo con «sigillo tsa trust FILE» o nelle impostazioni (senza, il certificato dell'autorità non si può verificare).
ts-error-bad-url = L'indirizzo dell'autorità { $url } non è un indirizzo http:// o https://.
ts-settings-error-io = Impossibile usare { $path }: { $reason }.
ts-settings-error-invalid = Il file { $path } non è valido ({ $detail }): correggerlo o toglierlo e salvare di nuovo le impostazioni.
ts-settings-error-not-certificate = { $path } non contiene un certificato: indicare il file del certificato dell'autorità (PEM o DER).
ts-error-unreachable = L'autorità di marcatura temporale { $url } non è raggiungibile: { $reason }
ts-error-http = L'autorità di marcatura temporale { $url } ha risposto con l'errore HTTP { $status }.
ts-error-not-a-reply = La risposta dell'autorità non è una marca temporale: { $reason }
ts-error-refused = L'autorità di marcatura temporale ha rifiutato la richiesta: { $reason }
ts-error-malformed = La marca temporale non è ben formata: { $reason }
ts-error-bad-signature = La firma della marca temporale non è valida: { $reason }
ts-error-wrong-imprint = La marca temporale riguarda altri dati: la sua impronta non è quella di questo file.
ts-error-wrong-nonce = La marca temporale non risponde a questa richiesta (il numero casuale inviato non corrisponde): potrebbe essere stata riutilizzata.
ts-error-no-signer-certificate = La marca temporale non contiene il certificato che l'ha firmata.
ts-error-signer-mismatch = L'attributo firmato della marca temporale indica un certificato diverso da quello che ha firmato.
ts-error-untrusted = Il certificato dell'autorità di marcatura temporale non è attendibile: { $reason }
ts-error-keyring = Impossibile leggere dal portachiavi la password dell'autorità: { $reason }
export-error-timestamp = Il fascicolo non è stato scritto, nessun file è rimasto: { $reason }
check-timestamped = Il MANIFEST esisteva il { $time } ({ $utc }, precisione { $accuracy } ms): lo attesta la marca temporale di { $authority } (certificato di fiducia: { $anchor }; numero di serie { $serial }).
check-timestamp-failed = Marca temporale non valida: { $reason }
cli-timestamp-openssl = Verifica indipendente, nella cartella del fascicolo: { $command } (confrontare prima l'impronta SHA-256 del certificato di fiducia con quella pubblicata dall'autorità).
cli-timestamp-unusable = Marca temporale non disponibile: { $reason }
cli-tsa-url = Autorità di marcatura temporale: { $url }
cli-tsa-user = Utente: { $user } (password nel portachiavi del sistema)
cli-tsa-options = Marca temporale sui fascicoli dalla finestra: { $dossiers }; marca giornaliera del registro: { $daily }
cli-tsa-saved = Impostazioni della marca temporale salvate.
cli-tsa-password-saved = Password dell'autorità salvata nel portachiavi del sistema.
cli-tsa-trusted = Certificato di fiducia per le marche temporali aggiunto: { $subject }
cli-tsa-untrusted = Certificato di fiducia per le marche temporali rimosso: { $subject }
cli-tsa-no-such-anchor = Nessun certificato di fiducia per le marche temporali ha un'impronta che inizia con { $fingerprint }.
cli-tsa-no-profile = Impossibile determinare la cartella del profilo: indicarla con --profile.
cli-tsa-yes = sì
cli-tsa-no = no
audit-entry-altered = Voce { $seq } del registro modificata: il suo contenuto non corrisponde più alla sua impronta.
audit-entry-moved = Voce { $seq } del registro spostata: era stata scritta come voce { $written }.
audit-entries-missing = { $count ->
    [one] Voce { $from } del registro mancante: è stata tolta.
   *[other] Voci da { $from } a { $to } del registro mancanti: sono state tolte.
}
audit-broken-link = Catena del registro interrotta alla voce { $seq }: non porta l'impronta della voce precedente.
audit-bytes-changed = Messaggio { $id } modificato: i suoi byte hanno impronta SHA-256 { $actual }, registrata { $recorded }.
audit-not-in-register = Messaggio { $id } presente nell'archivio ma mai registrato (SHA-256 { $sha256 }): aggiunto o sostituito fuori da Sigillo.
audit-missing = Messaggio mancante: il registro lo ha archiviato alla voce { $seq } e mai cancellato (SHA-256 { $sha256 }).
audit-outcome-changed = Esito della firma del messaggio { $id } cambiato fuori dal registro: registrato «{ $recorded }», ora nell'archivio «{ $stored }».
audit-newly-invalid = Firma del messaggio { $id } non più valida: registrata valida, ricontrollata ora «{ $now }». { $reason }
audit-not-checked = Non è stato possibile ricontrollare la firma del messaggio { $id }: la verifica si è interrotta per un errore interno. Ripeti la verifica dell'archivio; se accade di nuovo, segnalalo.
audit-signature-changed = Esito della firma del messaggio { $id } diverso se ricontrollato ora: registrato «{ $recorded }», ora «{ $now }». { $reason }
audit-trust-changed = L'elenco dei certificati di fiducia è cambiato fuori da Sigillo: non corrisponde all'ultimo stato registrato.
audit-stamp-invalid = Marca temporale del registro (voce { $seq }) non valida: { $reason }
cli-audit-progress = Verifica: { $done } di { $total ->
    [one] { $total } messaggio
   *[other] { $total } messaggi
}
cli-audit-head = Registro: { $entries } voci; ultima voce { $seq }, impronta { $hash }
cli-audit-stamp-ok = Marca temporale valida: il registro fino alla voce { $seq } esisteva il { $time }.
cli-audit-passed = Verifica superata: { $messages ->
    [one] { $messages } messaggio integro e registrato
   *[other] { $messages } messaggi integri e registrati
}, { $signatures ->
    [one] { $signatures } firma ricontrollata
   *[other] { $signatures } firme ricontrollate
} alla data di firma, catena di { $entries ->
    [one] { $entries } voce
   *[other] { $entries } voci
} integra.
cli-audit-failed = { $count ->
    [one] Verifica NON superata: un problema trovato.
   *[other] Verifica NON superata: { $count } problemi trovati.
}
cli-audit-stamped = Marca temporale del registro ottenuta: voce { $what }.
cli-audit-stamp-failed = Marca temporale giornaliera del registro non ottenuta: { $reason }
cli-export-not-recorded = L'esportazione non è stata annotata nel registro: il profilo non si può scrivere.
cli-export-record-failed = L'esportazione non è stata annotata nel registro: { $reason }
cli-trust-not-recorded = Il cambiamento dei certificati di fiducia non è stato annotato nel registro: { $reason }
proof-acceptance = è la ricevuta di accettazione della PEC inviata «{ $subject }»
proof-non-acceptance = è l'avviso di non accettazione della PEC inviata «{ $subject }»: prova che il gestore del mittente l'ha rifiutata
proof-delivery = prova per { $recipient } della PEC inviata «{ $subject }»: { $kind }
proof-sent = { $count ->
    [one] è la PEC inviata «{ $subject }»: la sua ricevuta resterebbe a provare la consegna di un messaggio non più conservato
   *[other] è la PEC inviata «{ $subject }»: le sue { $count } ricevute resterebbero a provare la consegna di un messaggio non più conservato
}
proof-received = è la busta di trasporto ricevuta da { $from } («{ $subject }»): prova che cosa è arrivato e quando
cli-delete-proof = Il messaggio { $id } è una prova:
cli-delete-proof-unproven = (la sua firma del gestore non risulta valida: oggi non prova nulla, ma potrebbe con un elenco di fiducia diverso)
cli-delete-needs-yes = Il messaggio { $id } non è stato cancellato: è una prova; confermare con --yes.
cli-delete-confirm = Cancellarlo comunque? [s/N]
cli-delete-kept = Messaggio { $id } conservato.
cli-delete-done = Messaggio { $id } cancellato (annotato nel registro).
filing-title = Notifica a mezzo PEC (L. 53/1994): riepilogo delle ricevute
filing-sender = Mittente
filing-sent-at = Inviata il
filing-identificativo = Identificativo PEC
filing-accepted = Accettata
filing-none = nessuna ricevuta valida
filing-recipients = Destinatari
filing-warnings = Avvertenze
filing-files = File da depositare (SHA-256)
filing-note = Riepilogo preparato da Sigillo il { $time }; le ricevute sono gli originali firmati dal gestore (.eml), verificati in quel momento. Questo riepilogo non sostituisce le ricevute.
filing-warn-no-acceptance = Manca una ricevuta di accettazione con firma valida del gestore.
filing-warn-not-proven = La firma del gestore su { $file } non è valida ({ $status }): quel file non prova nulla.
filing-warn-not-completa = La ricevuta di consegna per { $recipient } è { $receipt }, non completa: non contiene il messaggio consegnato.
filing-warn-no-delivery = Nessuna ricevuta di consegna per { $recipient } (stato: { $state }).
filing-warn-not-delivered = Il messaggio non risulta consegnato a { $recipient } (stato: { $state }): è depositato l'avviso ricevuto.
filing-warn-external = { $recipient } è fuori dal circuito PEC: nessuna ricevuta di consegna arriverà e la notifica a questo indirizzo non si perfeziona.
filing-warn-sent-copy = Nessuna ricevuta completa valida contiene il messaggio: è depositata la copia inviata, che il gestore non garantisce.
filing-warn-no-original = Né il messaggio inviato né una ricevuta completa che lo contenga sono in archivio.
filing-error-not-sent = Il messaggio { $id } non è una PEC inviata né una delle sue ricevute: il pacchetto per il deposito si prepara da una PEC inviata.
cli-filing-one = Il pacchetto per il deposito si prepara per un solo messaggio (la PEC inviata o una sua ricevuta).
cli-filing-done = Pacchetto per il deposito scritto in { $path }:
cli-filing-no-warnings = Nessuna avvertenza: ogni destinatario ha una ricevuta di consegna completa con firma valida.
compose-error-notifica-sintetica = Una notifica richiede la ricevuta di consegna completa: la sintetica non contiene ciò che è stato consegnato.
compose-error-notifica-cc = In una notifica i destinatari vanno in «A»: chi è in copia riceve una ricevuta sintetica, che non contiene ciò che è stato consegnato.
gui-compose-notifica = Notifica (L. 53/1994): ricevuta completa, nessun destinatario in copia
backup-error = Copia di sicurezza non riuscita: { $reason }
backup-error-not-intact = La copia di sicurezza non è integra, nulla è stato ripristinato: { $reason }
backup-error-profile-exists = Il profilo { $path } esiste già: ripristinare in un profilo nuovo (--profile CARTELLA) oppure chiedere di sostituirlo con --replace (il vecchio viene conservato a parte).
cli-backup-progress-db = Copia dell'archivio dei messaggi: { $done } di { $total }
cli-backup-progress-files = File: { $done } di { $total }
cli-backup-done = Copia di sicurezza scritta in { $path }: { $files ->
    [one] { $files } file
   *[other] { $files } file
}, { $messages ->
    [one] { $messages } messaggio
   *[other] { $messages } messaggi
}.
cli-backup-head = Registro copiato fino alla voce { $seq } (impronta { $hash }).
cli-backup-no-passwords = Le password non sono nella copia: restano nel portachiavi del sistema.
cli-restore-checked = Copia di sicurezza integra: { $messages ->
    [one] { $messages } messaggio
   *[other] { $messages } messaggi
}, ogni file corrisponde al MANIFEST, registro integro.
cli-restore-done = Profilo { $path } ripristinato: { $files ->
    [one] { $files } file
   *[other] { $files } file
}, { $messages ->
    [one] { $messages } messaggio
   *[other] { $messages } messaggi
}. Eseguire «sigillo audit» per ricontrollarlo.
cli-restore-previous = Il profilo che c'era è stato spostato in { $path } (non è stato cancellato).
cli-restore-config-kept = { $path } esisteva già ed è stato lasciato com'era.
cli-restore-passwords = Le password non fanno parte della copia: se questo computer non le ha nel portachiavi, reinserirle per ogni casella.
gui-archive-title = Prova nel tempo: marca temporale, copia di sicurezza, verifica
gui-archive-tsa-explained = Autorità di marcatura temporale (RFC 3161): indirizzo, utente e password (la password va solo nel portachiavi del sistema).
gui-archive-user = Utente (facoltativo)
gui-archive-password = Password (facoltativa)
gui-archive-dossiers = Apporre la marca temporale ai fascicoli esportati
gui-archive-daily = Marcare ogni giorno l'ultima voce del registro sigillato
gui-archive-save = Salva impostazioni della marca temporale
gui-archive-anchor-path = Certificato di fiducia dell'autorità (file PEM o DER)
gui-archive-backup-explained = Copia di sicurezza del profilo (messaggi, impostazioni, elenchi di fiducia; mai le password), anche mentre la sincronizzazione scrive. La verifica ricontrolla ogni messaggio e ogni firma rispetto al registro sigillato.
gui-archive-backup-path = File della copia (.zip)
gui-archive-backup = Copia di sicurezza
gui-archive-audit = Verifica l'archivio
gui-archive-backup-path-missing = Indicare il file in cui scrivere la copia di sicurezza.
gui-archive-working = In corso…
gui-delete = Elimina
gui-delete-proof = Questo messaggio è una prova: eliminandolo si perde quanto segue.
gui-delete-anyway = Elimina comunque
gui-delete-keep = Conserva
gui-delete-pending = Messaggio eliminato: sarà tolto dall'archivio tra pochi secondi.
gui-delete-undo = Annulla
