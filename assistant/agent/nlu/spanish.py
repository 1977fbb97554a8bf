"""Spanish messages read as the English the rest of the NLU understands.

"busco trabajo de enfermera en Texas, turno de noche" becomes "looking for jobs nurse in
Texas, night shift": a phrase table (longest phrase first, accents optional, as people
type them) rewrites Spanish words into the English words and phrasings that the lexicon,
the date and pay readers and the intent patterns already know. Words the table drops
(articles, "de", "que") would otherwise end up in the search's free-text query.

Kept as they are: US places named in Spanish ("Los Angeles", "El Paso", "San Antonio"),
two-letter capitals (state codes: "LA", "DE", "IN"), job words English speakers and Spanish
speakers share ("ICU" is "UCI" here, but "med surg", "CNA", "travel" pass through).

It runs only on messages :func:`~assistant.agent.nlu.language.detect_language` reads as
Spanish, in a few dictionary probes per word.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import Final

__all__ = ["to_english"]

_TABLE: Final = """
hola = hello | buenos dias = good morning | buen dia = good morning
buenas tardes = good afternoon | buenas noches = good evening | buenas = hello
que tal = how are you | como estas = how are you | como esta = how are you
como estan = how are you | como te va = how are you
gracias = thanks | muchas gracias = thank you so much | mil gracias = thanks
adios = bye | chao = bye | chau = bye | hasta luego = bye | nos vemos = bye
hasta pronto = bye | hasta manana = bye
quien eres = who are you | eres un robot = are you a robot | eres un bot = are you a bot
eres una persona = are you a person | eres una persona real = are you a real person
eres humano = are you human | eres humana = are you human | con quien hablo = who am i talking to
ayuda = help | ayudame = help me | necesito ayuda = i need help
que puedes hacer = what can you do | en que me puedes ayudar = what can you help me with
vale = ok | okey = ok | de acuerdo = ok | entendido = got it | perfecto = perfect
listo = ok | genial = great | excelente = great | bueno = ok
claro que si = yes | claro = sure | por supuesto = of course | adelante = go ahead
hazlo = do it | dale = go ahead | confirmo = confirm | confirmar = confirm
correcto = correct | envialo = send it | enviala = send it | mandala = send it
mandalo = send it | enviar = submit | esta bien = ok | si por favor = yes please
si claro = yes | si quiero = yes | eso es = thats right
no gracias = no thanks | mejor no = no | ahora no = not now | todavia no = not yet
aun no = not yet | cancelar = cancel | cancela = cancel | cancelalo = cancel it
cancelala = cancel it | olvidalo = forget it | dejalo = never mind | no importa = never mind
detente = stop | no quiero aplicar = dont want to apply | no aplicar = dont apply
no lo envies = dont submit | no la envies = dont submit

por que = why | porque = because | cuanto = how much | cuanta = how much
cuantos = how many | cuantas = how many | quien = who | quienes = who
cuanto pagan = how much does it pay | cuanto paga = how much does it pay
cuanto es el pago = how much is the pay | cuanto se paga = how much does it pay
cuanto tarda = how long does it take | cuanto tiempo tarda = how long does it take
cuanto tiempo = how long | cuanto dura = how long is
cuanto duran = how long are | cuanto tiempo duran = how long are
cuanto tiempo dura = how long is

busco = looking for | estoy buscando = im looking for | buscando = looking for
ando buscando = im looking for | buscar = find | encuentra = find | encontrar = find
quiero = i want | quisiera = id like | me gustaria = id like | necesito = i need
tengo = i have | tienes = do you have | tiene = does it have | tienen = do you have
hay = are there any | habra = will there be | puedo = can i | puede = can you
pueden = can you | podrian = could you | podria = could you | puedes = can you
trabajar = work | trabajando = working | trabajo en = work in
aplicar = apply | aplicar a = apply to | aplico = apply | aplica = apply | aplicame = apply
postulame = apply | postular = apply
postularme = apply | postulo = apply | solicitar = apply | aplicarme = apply
me postulo = apply | quiero aplicar = i want to apply | quiero postularme = i want to apply
solo me interesa = im only interested in | solo me interesan = im only interested in
me interesa = im interested in | me interesan = im interested in | interesada = interested
interesado = interested | ver = see | muestrame = show me | ensename = show me
mostrar = show | muestra = show | dime = tell me | cuentame = tell me
cuentame mas = tell me more | dame = give me | mas informacion = more info
mas detalles = more details | detalles = details | informacion = information
hablar = talk | hablar con = talk to | comunicarme con = talk to | contactar = contact
llamar = call | llamame = call me | llamenme = call me | me pueden llamar = call me
me puedes llamar = call me | que me llamen = call me | me llaman = call me
me llame = call me | que me llame = call me | me llamen = call me | me contacte = contact me
que me contacte = contact me | me contacten = contact me | que me contacten = contact me
pagan = pay | pagar = pay | pagando = paying | paguen = pay | pague = pays
empiece = start | empiecen = start | que empiece = starting | que empiecen = starting
empezar = start | empiezo = start | comenzar = start | comienza = starts | empieza = starts
inicio = start | inicie = start | inicien = start | que inicie = starting
que inicien = starting | puedo empezar = i can start | puedo comenzar = i can start
registrarme = sign up | registrar = register | se registro = signed up
ya se registro = has signed up | se inscribio = signed up | ya se inscribio = has signed up
ya se unio = has joined | se unio = joined | ya aplico = has applied
referir = refer | recomendar = refer | referir a = refer | recomendar a = refer
referi = i referred | recomende = i referred | invitar = invite
retirenme = withdraw me | retireme = withdraw me | retirarme = withdraw me
retirar = withdraw | retira = withdraw | retiren = withdraw | retirame = withdraw me
quitar = remove | quita = remove | cancelar mi = withdraw my | cancela mi = withdraw my
anular = withdraw | anula = withdraw | eliminar = remove | borrar = remove | borra = remove
renove = i renewed | renovado = renewed | renovada = renewed | renovar = renew
ya renove = i renewed | saque = i got | obtuve = i got | consegui = i got | recibi = i got
pase = i passed | aprobe = i passed | agrega = add | agregar = add | anade = add
anadir = add | agregame = add | agreguen = add | actualiza = update | actualizar = update
actualicen = update | cambiar = change | cambia = change | cambien = change
vence = expires | vencen = expire | caduca = expires | expira = expires
vencimiento = expiration | fecha de vencimiento = expiration date | valida hasta = valid until
funciona = work | funcionan = work | pasa = happens | tarda = take | tardan = take
dan = do you provide | ofrecen = do you offer | ofrece = do you offer | cubren = do you cover
incluye = include | incluyen = include | pagan por = pay for
iniciar sesion = log in | inicio de sesion = log in | entrar = log in | acceder = log in
mi cuenta = my account | cerrar sesion = log out

trabajo = job | trabajos = jobs | empleo = job | empleos = jobs | puesto = position
puestos = positions | vacante = opening | vacantes = openings | plaza = position
plazas = positions | oferta = job | ofertas = jobs | posicion = position | posiciones = positions
trabajo de = jobs | trabajos de = jobs | empleo de = jobs | empleos de = jobs
puestos de = positions | puesto de = position | vacantes de = openings
enfermera = nurse | enfermero = nurse | enfermeras = nurses | enfermeros = nurses
enfermeria = nursing | de enfermeria = nursing | enfermera registrada = registered nurse
enfermero registrado = registered nurse | enfermeras registradas = registered nurses
enfermera practica = lpn | enfermera vocacional = lvn | enfermera practicante = nurse practitioner
enfermera de practica avanzada = nurse practitioner | enfermera con licencia = lpn
auxiliar de enfermeria = cna | asistente de enfermeria = cna | auxiliar de enfermera = cna
asistente de enfermera = cna | asistente de enfermeria certificada = cna
auxiliar de enfermeria certificada = cna | asistente de enfermeria certificado = cna
auxiliares de enfermeria = cnas | asistentes de enfermeria = cnas
asistente medico = medical assistant | asistente medica = medical assistant
terapeuta respiratorio = respiratory therapist | terapeuta respiratoria = respiratory therapist
fisioterapeuta = physical therapist | terapeuta fisico = physical therapist
terapeuta fisica = physical therapist | terapeuta ocupacional = occupational therapist
tecnico quirurgico = surgical tech | tecnica quirurgica = surgical tech
instrumentista = surgical tech | instrumentista quirurgico = surgical tech
tecnico de radiologia = rad tech | tecnico radiologo = rad tech | tecnico de rayos x = rad tech
farmaceutico = pharmacist | farmaceutica = pharmacist | tecnico de farmacia = pharmacy tech
tecnica de farmacia = pharmacy tech | paramedico = paramedic | paramedica = paramedic
tecnico de emergencias medicas = emt | trabajador social = social worker
trabajadora social = social worker | tecnico de laboratorio = lab tech
tecnico de dialisis = dialysis tech | ecografista = sonographer | sonografista = sonographer
terapeuta del habla = speech therapist | patologo del habla = speech therapist
tecnico de atencion al paciente = pct
tecnico de tomografia = ct tech | tecnica de tomografia = ct tech
tecnologo de tomografia = ct tech
tecnico de resonancia = mri tech | tecnico de resonancia magnetica = mri tech
tecnica de resonancia = mri tech | tecnico de ultrasonido = sonographer
tecnica de ultrasonido = sonographer | asistente de terapia fisica = pta
asistente de fisioterapia = pta | asistente de terapeuta fisico = pta
asistente de terapia ocupacional = cota | terapeuta de lenguaje = speech therapist
patologa del habla = speech therapist | terapeuta del lenguaje = speech therapist
tecnico en cardiologia = cardiovascular tech | tecnico de hemodinamia = cath lab tech

uci = icu | u c i = icu | unidad de cuidados intensivos = icu | cuidados intensivos = icu
terapia intensiva = icu | cuidado intensivo = icu | cuidados criticos = critical care
uci neonatal = nicu | ucin = nicu | cuidados intensivos neonatales = nicu
terapia intensiva neonatal = nicu | uci pediatrica = picu | ucip = picu
cuidados intensivos pediatricos = picu | terapia intensiva pediatrica = picu
uci cardiaca = cvicu | uci de cardiologia = cvicu | uci cardiovascular = cvicu
cuidados intensivos cardiacos = cvicu | cuidados intensivos cardiovasculares = cvicu
uci neurologica = neuro icu | cuidados intensivos neurologicos = neuro icu
hemodinamia = cath lab | sala de hemodinamia = cath lab
urgencias = er | emergencias = er | emergencia = er | sala de emergencias = er
sala de emergencia = er | sala de urgencias = er | departamento de emergencias = er
urgencias pediatricas = pediatric er
quirofano = operating room | quirofanos = operating room | cirugia = surgery
sala de operaciones = operating room
sala de partos = labor and delivery | partos = labor and delivery | parto = labor and delivery
trabajo de parto = labor and delivery | labor y parto = labor and delivery
obstetricia = labor and delivery | posparto = postpartum | postparto = postpartum
telemetria = telemetry | medico quirurgico = med surg | medica quirurgica = med surg
medicina quirurgica = med surg | medico-quirurgico = med surg | med quirurgica = med surg
medicina y cirugia = med surg | medicina general = med surg
pediatria = pediatrics | pediatrico = pediatric | pediatrica = pediatric
oncologia = oncology | dialisis = dialysis | hemodialisis = dialysis
psiquiatria = psych | psiquiatrico = psych | psiquiatrica = psych | salud mental = psych
salud conductual = behavioral health | cuidados intermedios = step down
cuidados progresivos = progressive care | recuperacion = recovery room
sala de recuperacion = recovery room | unidad de recuperacion = recovery room
geriatria = geriatrics | hogar de ancianos = nursing home | residencia de ancianos = nursing home
asilo = nursing home | cuidado a largo plazo = long term care
cuidados a largo plazo = long term care | salud en el hogar = home health
cuidado en casa = home health | atencion domiciliaria = home health
cuidado en el hogar = home health | cuidados en el hogar = home health
hospicio = hospice | cuidados paliativos = hospice | rehabilitacion = rehab
ortopedia = ortho | neurologia = neuro | cateterismo = cath lab | hemodinamia = cath lab
endoscopia = endoscopy | quemados = burn unit | ambulatorio = outpatient
clinica = clinic | enfermera escolar = school nurse | cuidado de heridas = wound care
infusion = infusion | neonatal = neonatal | neonatos = nicu | recien nacidos = newborn nursery

carolina del norte = north carolina | carolina del sur = south carolina
dakota del norte = north dakota | dakota del sur = south dakota
nueva york = new york | nuevo york = new york | nuevo mexico = new mexico
nueva jersey = new jersey | nuevo jersey = new jersey | nueva orleans = new orleans
pensilvania = pennsylvania | luisiana = louisiana | misuri = missouri | misisipi = mississippi
hawai = hawaii | virginia occidental = west virginia | tejas = texas | filadelfia = philadelphia
los angeles = los angeles | las vegas = las vegas | el paso = el paso | la jolla = la jolla
los alamos = los alamos | las cruces = las cruces | del rio = del rio | del mar = del mar
el centro = el centro | el cajon = el cajon | la mesa = la mesa | santa fe = santa fe

noche = night | noches = nights | de noche = nights | nocturno = night | nocturna = night
nocturnos = nights | turno de noche = night shift | turno nocturno = night shift
turnos de noche = night shift | turnos nocturnos = night shift | por la noche = nights
en la noche = nights | de noches = nights | trabajar de noche = work nights
dia = day | dias = days | de dia = days | diurno = day | diurna = day | diurnos = days
turno de dia = day shift | turno diurno = day shift | turnos de dia = day shift
por el dia = days | durante el dia = days | en el dia = days
turno de tarde = evening shift | turnos de tarde = evening shift | de tarde = evenings
por la tarde = evenings | en la tarde = evenings | vespertino = evening | tardes = evenings
mas tarde = later | fin de semana = weekend | fines de semana = weekends
los fines de semana = weekends | rotativo = rotating | rotativos = rotating
rotatorio = rotating | turno = shift | turnos = shifts | doce horas = 12 hours
3 por 12 = 3x12 | tres por doce = 3x12 | 4 por 10 = 4x10 | cuatro por diez = 4x10
5 por 8 = 5x8 | cinco por ocho = 5x8
horas = hours | hora = hour

viaje = travel | viajes = travel | de viaje = travel | viajero = traveler
gastos de viaje = travel expenses | gastos de traslado = travel expenses
gastos de mudanza = relocation | pasaje = flight | pasajes = flights | boleto de avion = flight
vuelo = flight | vuelos = flights | gasolina = gas money | reembolso = reimbursement
pagan el viaje = do you cover travel | pagan los viajes = do you cover travel
cubren el viaje = do you cover travel | pagan el vuelo = do you cover the flight
pagan la gasolina = do you cover gas money
reembolsan = reimburse | gastos = expenses
viajera = traveler | viajeros = travelers | viajeras = travelers | itinerante = travel
enfermera viajera = travel nurse | enfermero viajero = travel nurse
enfermeras viajeras = travel nurses | trabajos de viaje = travel jobs
permanente = permanent | permanentes = permanent | fijo = permanent | fija = permanent
de planta = staff | contrato = contract | contratos = contracts | locales = local
por dia = per diem | por turno = per diem | temporal = contract | temporales = contracts

pago = pay | paga = pay | sueldo = pay | salario = salary | pago semanal = weekly pay
semanal = weekly | semanales = weekly | a la semana = a week | por semana = per week
cada semana = every week | la semana = a week | por hora = per hour | la hora = an hour
a la hora = an hour | cada hora = an hour | por mes = per month | al mes = a month
mas de = over | de mas de = over | arriba de = over | encima de = over | mayor a = over
mayor de = over | superior a = over | minimo = at least | minimo de = at least
al menos = at least | por lo menos = at least | menos de = under | maximo = at most
dolares = dollars | dolar = dollars | usd = dollars

enero = january | febrero = february | marzo = march | abril = april | mayo = may
junio = june | julio = july | agosto = august | septiembre = september | setiembre = september
octubre = october | noviembre = november | diciembre = december
lo antes posible = asap | cuanto antes = asap | de inmediato = immediately
inmediatamente = immediately | ya mismo = asap | ahora mismo = right now
lo mas pronto posible = asap | lo mas pronto = asap | pronto = soon
el proximo mes = next month | el mes que viene = next month | proximo mes = next month
el siguiente mes = next month | la proxima semana = next week | la semana que viene = next week
proxima semana = next week | este mes = this month | este verano = this summer
en verano = in the summer | verano = summer | invierno = winter | primavera = spring
otono = fall | a partir de = starting | a partir del = starting | desde el = from
despues de = after | despues del = after | antes de = before | antes del = before
a principios de = early | a mediados de = mid | a finales de = late | a fines de = late
hoy = today | manana = tomorrow | fecha de inicio = start date | fecha de comienzo = start date
cualquier fecha = any start date | cualquier momento = whenever | sin prisa = no rush
cualquier estado = any state | cualquier lugar = anywhere | cualquier especialidad = any specialty
cualquier tipo de trabajo = any job type | cualquier tipo = any job type
no solo urgentes = not just hot jobs | no solo los urgentes = not just hot jobs

solicitud = application | solicitudes = applications | aplicacion = application
aplicaciones = applications | postulacion = application | postulaciones = applications
candidatura = application | candidaturas = applications | mi solicitud = my application
mis solicitudes = my applications | mi aplicacion = my application
mis aplicaciones = my applications | mi postulacion = my application
mis postulaciones = my applications | estado = status | estados = states
he aplicado = i have applied | aplique = i applied | me postule = i applied
he solicitado = i have applied | solicite = i applied | ya aplique = i already applied
como va = how is | como va mi = how is my | que paso con = what happened with
disponible = available | estoy disponible = im available | disponibilidad = availability
estare disponible = ill be available | prefiero = i prefer | preferiria = id prefer
estados preferidos = preferred states | mis estados preferidos = my preferred states
estado preferido = preferred state | turno preferido = preferred shift
mi turno preferido = my preferred shift | preferencias = preferences
mis preferencias = my preferences
solo quiero = i only want | nada mas quiero = i only want | unicamente = only
solamente = only | nada mas = only | solo = only | no mas = only
licencia = license | licencias = licenses | licencia compacta = compact license
licencia multiestatal = multistate license | certificacion = certification
certificaciones = certifications | certificado = certified | certificada = certified
numero de licencia = license number | numero = number

vivienda = housing | alojamiento = housing | hospedaje = housing | apartamento = apartment
estipendio = stipend | estipendios = stipends | viatico = stipend | viaticos = stipends
subsidio = stipend | subsidios = stipends | beneficios = benefits | prestaciones = benefits
seguro medico = health insurance | seguro de salud = health insurance
jubilacion = retirement | plan de jubilacion = retirement plan
seguro dental = dental insurance | seguro = insurance | seguros = insurance
impuestos = taxes | bono = bonus | bonos = bonuses | bono por referir = referral bonus
bono por referido = referral bonus | bono de referido = referral bonus
bono por referidos = referral bonus | bono por recomendacion = referral bonus
bono de referencia = referral bonus | acreditacion = credentialing
credenciales = credentials | credencializacion = credentialing | tramites = paperwork
documentos = documents | papeles = paperwork | examen de drogas = drug test
prueba de drogas = drug test | antidoping = drug test | entrevista = interview
extender = extend | extension = extension | dias libres = time off
tiempo libre = time off | vacaciones = time off | me pagan = do i get paid
como me pagan = how am i paid | como pagan = how are you paid | como se paga = how is it paid
me aceptaron = was i accepted | me rechazaron = was i rejected | me contrataron = was i hired
me seleccionaron = was i selected | me escogieron = was i selected
refiero = i refer | si refiero = if i refer | cuanto me dan = how much do i get
cuanto dan = how much do you give
nos pagan = do we get paid | deposito directo = direct deposit | experiencia = experience
recien graduada = new grad | recien graduado = new grad | recien graduadas = new grads
mascota = pet | mascotas = pets | perro = dog | primer dia = day one
desde el primer dia = from day one | despues de aplicar = after applying
que pasa = what happens | que pasa despues = what happens after
despues de que = after | una vez que = once | luego de = after
que pasa despues de = what happens after | que pasa despues de que = what happens after
que sigue = what is next | y ahora que = what happens now | que sigue ahora = what is next
cada cuanto pagan = how often do you pay | cada cuanto me pagan = how often do i get paid
cada cuando pagan = how often do you pay | cada cuando me pagan = how often do i get paid
cada cuanto = how often | cada cuando = how often | con que frecuencia = how often

amiga = friend | amigo = friend | amigas = friends | amigos = friends
compañera = colleague | compañero = colleague | companera = colleague | companero = colleague
compañera de trabajo = coworker | compañero de trabajo = coworker | colega = colleague
colegas = colleagues | referido = referral | referidos = referrals | referida = referral
mis referidos = my referrals | reclutador = recruiter | reclutadora = recruiter
reclutadores = recruiters | agente = agent | persona = person | persona real = real person
humano = human | alguien = someone | una persona = a person | una persona real = a real person
pasame con = put me through to | pasame a = put me through to | comunicame con = connect me with
comuniqueme con = connect me with | conectame con = connect me with

mas = more | mas resultados = more results | mas trabajos = more jobs | mas opciones = more options
otros = others | otras = others | siguiente = next | siguientes = next
muestrame mas = show me more | los demas = the others | las demas = the others
a ver los demas = show me the others | ver los demas = see the others
area de la bahia = bay area | el area de la bahia = the bay area
ver mas = see more | algo mas = anything else
primero = first | primera = first | primer = first | segundo = second | segunda = second
tercero = third | tercera = third | tercer = third | cuarto = fourth | cuarta = fourth
quinto = fifth | quinta = fifth | ultimo = last | ultima = last
el de = the one in | la de = the one in | al de = to the one in | el del = the one in
la del = the one in | del de = about the one in | de la de = about the one in
sobre el de = about the one in | sobre la de = about the one in
horario = schedule | horarios = schedules | que horario = what schedule
ese = that | esa = that | eso = that | este = this | esta = this
esto = this | estos = these | estas = these | esos = those | esas = those

el = the | la = the | los = the | las = the | un = a | una = a | unos = some | unas = some
lo = it | al = to the | del = of the | de = | a = to | en = in | y = and | e = and
o = or | u = or | con = with | sin = without | para = for | por = for | por favor = please
porfa = please | porfis = please | porfavor = please | mandame = send me | mandenme = send me
mi = my | mis = my | tu = your | tus = your | su = your | sus = your | me = me | te = you
se = | le = | les = | nos = us | yo = i | usted = you | ustedes = you | es = is | son = are
esta disponible = is available | soy = im | eres = are you | estoy = im | muy = very
menos = less | tambien = also | pero = but | bien = well | ya = already | aun = still
todavia = still | ahora = now | aqui = here | aca = here | alli = there | alla = there
cerca de = near | cerca = near | lejos = far | mejor = instead | mejor en = instead in
otro = another | otra = another | mismo = same | misma = same | todo = all | todos = all
todas = all | cualquier = any | cualquiera = any | ningun = no | ninguno = none
ninguna = none | algo = something | nada = nothing | mucho = much | mucha = much
poco = little | buena = good | buenos = good | tal vez = maybe | quizas = maybe
algun = any | alguna = any | algunos = any | algunas = any | cuales = which | cual = which
como = as | donde = where | cuando = when | que = that | si = if | hace = ago
semana pasada = last week | la semana pasada = last week | ayer = yesterday
"""
"""``spanish = english`` pairs separated by ``|`` or newlines (accents left out: matched
either way); an empty English side drops the words."""

_QUESTION_START: Final[Mapping[str, str]] = {
    "si": "yes",
    "que": "what",
    "como": "how",
    "cual": "which",
    "cuales": "which",
    "donde": "where",
    "cuando": "when",
    "hay": "are there any",
    "esta": "is",
}
"""Words whose meaning at the start of a sentence (or written with their accent: "qué",
"cómo", "sí") differs from the one in the table."""
_ACCENTED_QUESTION_WORDS: Final = frozenset(
    {"qué", "cómo", "cuál", "cuáles", "dónde", "cuándo", "sí", "está"}
)
_WORD_RX: Final = re.compile(r"[^\W_]+")
_SENTENCE_START_RX: Final = re.compile(r"(?:^|[.!?¿¡,;:]\s*|\s[-–]\s*)$")
_PRE_RULES: Final[tuple[tuple[re.Pattern[str], str], ...]] = (
    # "1 de marzo (de 2028)" -> "marzo 1 2028": the date readers read "march 1 2028".
    (
        re.compile(
            r"\b(\d{1,2})\s+de\s+(enero|febrero|marzo|abril|mayo|junio|julio|agosto|"
            r"septiembre|setiembre|octubre|noviembre|diciembre)(?:\s+(?:de|del)\s+(\d{4}))?\b",
            re.IGNORECASE,
        ),
        r"\2 \1 \3",
    ),
    (
        re.compile(
            r"\b(enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|"
            r"octubre|noviembre|diciembre)\s+(?:de|del)\s+(\d{4})\b",
            re.IGNORECASE,
        ),
        r"\1 \2",
    ),
    (re.compile(r"\bturnos?\s+de\s+(\d{1,2})\s+horas\b", re.IGNORECASE), r"\1 hour shifts"),
    (re.compile(r"\bde\s+(\d{1,2})\s+horas\b", re.IGNORECASE), r"\1 hour"),
    (re.compile(r"\b(\d+(?:[.,]\d+)?)\s*mil\b", re.IGNORECASE), r"\1k"),
)


def _fold(word: str) -> str:
    """Lowercase without accents ("Está" -> "esta"); "ñ" kept apart from "n" in the table
    only where it matters, so both spellings are listed there."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn")


def _parse_table(table: str) -> dict[tuple[str, ...], str]:
    phrases: dict[tuple[str, ...], str] = {}
    for line in table.strip().splitlines():
        for pair in line.split("|"):
            if "=" not in pair:
                continue
            spanish, english = (side.strip() for side in pair.split("=", 1))
            phrases[tuple(_fold(spanish).split())] = english
    return phrases


_PHRASES: Final = _parse_table(_TABLE)
_LONGEST: Final = max(len(k) for k in _PHRASES)
_FIRST_WORDS: Final = frozenset(k[0] for k in _PHRASES)


def _keep_as_is(raw: str, all_caps: bool) -> bool:
    """A two-letter word in capitals is a state code ("LA", "DE"), not Spanish."""
    return len(raw) == 2 and raw.isupper() and not all_caps


_PLACE_ARTICLES: Final = frozenset({"los", "las"})


def _starts_place_name(folded: list[str], i: int, length: int) -> bool:
    """ "los"/"las" before a word the table does not know start a place name, misspelled
    perhaps ("los angelas", "las vegaz"): kept, so the place can still be read."""
    return (
        length == 1
        and folded[i] in _PLACE_ARTICLES
        and i + 1 < len(folded)
        and folded[i + 1].isalpha()
        and folded[i + 1] not in _FIRST_WORDS
    )


def to_english(text: str) -> str:
    """``text`` with its Spanish words and phrasings in English (the rest left as is)."""
    for rx, replacement in _PRE_RULES:
        text = rx.sub(replacement, text)
    words = list(_WORD_RX.finditer(text))
    folded = [_fold(m.group(0)) for m in words]
    letters = [c for c in text if c.isalpha()]
    all_caps = bool(letters) and not any(c.islower() for c in letters)
    out: list[str] = []
    position = 0
    i, n = 0, len(words)
    while i < n:
        found: tuple[int, str] | None = None
        if folded[i] in _FIRST_WORDS and not _keep_as_is(words[i].group(0), all_caps):
            for length in range(min(_LONGEST, n - i), 0, -1):
                # A phrase's words are separated by spaces only ("no, gracias" is two).
                if length > 1 and any(
                    text[words[j].end() : words[j + 1].start()].strip()
                    for j in range(i, i + length - 1)
                ):
                    continue
                english = _PHRASES.get(tuple(folded[i : i + length]))
                if english is not None:
                    found = (length, english)
                    break
        if found is None or _starts_place_name(folded, i, found[0]):
            i += 1
            continue
        length, english = found
        raw = words[i].group(0).lower()
        if length == 1 and folded[i] in _QUESTION_START:
            at_start = _SENTENCE_START_RX.search(text[: words[i].start()]) is not None
            if at_start or raw in _ACCENTED_QUESTION_WORDS:
                english = _QUESTION_START[folded[i]]
        out.append(text[position : words[i].start()])
        out.append(english)
        position = words[i + length - 1].end()
        i += length
    out.append(text[position:])
    return re.sub(r"[ \t]{2,}", " ", "".join(out)).strip()
