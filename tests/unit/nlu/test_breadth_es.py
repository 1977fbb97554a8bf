"""Breadth of understanding, Spanish: searches, refinements over several turns, apply,
yes/no, referrals, a recruiter, account questions and FAQ questions, as Spanish-speaking
candidates type them (accents often left out, English job words mixed in).

Every row must also be read as Spanish (the language the answer is given in). The share
understood is ``understood_pct_es`` in ``bench/nlu.py``.
"""

from __future__ import annotations

import pytest

from assistant.agent.nlu import Intent
from tests.unit.nlu.breadth import Case, check, conversation, date, phrase, search
from tests.unit.nlu.helpers import RN

LPN = "Licensed Practical Nurse"
CNA = "Certified Nursing Assistant"
ST, AS, WD = Intent.APPLICATION_STATUS, Intent.MY_APPLICATIONS, Intent.WITHDRAW
UP, CRED, FAQ = Intent.UPDATE_PROFILE, Intent.ADD_CREDENTIAL, Intent.FAQ

SEARCHES: list[Case] = [
    search(
        "busco trabajo de enfermera en Texas, turno de noche",
        profession=RN,
        state="TX",
        shift="Nights",
    ),
    search("enfermera de UCI en California", profession=RN, specialty="ICU", state="CA"),
    search("trabajos de viaje", job_type="Travel"),
    search("hola, busco trabajo de enfermera en Florida", profession=RN, state="FL"),
    search("trabajos de enfermeria en arizona", profession=RN, state="AZ"),
    search("necesito trabajo de CNA en Houston", profession=CNA, state="TX", city="Houston"),
    search(
        "hay trabajos de UCI neonatal en San Antonio?",
        specialty="NICU",
        state="TX",
        city="San Antonio",
    ),
    search("trabajos de urgencias en Chicago", specialty="ER", state="IL", city="Chicago"),
    search("quiero trabajar de noche en Nueva York", state="NY", shift="Nights"),
    search(
        "enfermera de quirofano en Dallas",
        profession=RN,
        specialty="OR",
        state="TX",
        city="Dallas",
    ),
    search("trabajos de telemetria", profession=RN, specialty="Telemetry"),
    search("puestos de enfermera registrada en Georgia", profession=RN, state="GA"),
    search(
        "trabajos de LPN en Ohio que paguen mas de 30 la hora",
        profession=LPN,
        state="OH",
        min_hourly_pay=30.0,
    ),
    search(
        "busco empleo como terapeuta respiratorio en Colorado",
        profession="Respiratory Therapist",
        state="CO",
    ),
    search(
        "trabajos de viaje para enfermeras de UCI",
        profession=RN,
        specialty="ICU",
        job_type="Travel",
    ),
    search("asistente de enfermeria en Miami", profession=CNA, state="FL", city="Miami"),
    search("trabajos de enfermera en tejas", profession=RN, state="TX"),
    search(
        "tienen trabajos de pediatría en Carolina del Norte?",
        specialty="Pediatrics",
        state="NC",
    ),
    search("trabajos por día en Phoenix", job_type="Per Diem", state="AZ", city="Phoenix"),
    search(
        "trabajos permanentes de enfermera en Texas", profession=RN, job_type="Perm", state="TX"
    ),
    search(
        "enfermero de emergencias, turno de día, en Atlanta",
        profession=RN,
        specialty="ER",
        shift="Days",
        state="GA",
        city="Atlanta",
    ),
    search("busco trabajo en salud mental en Oregon", specialty="Psych", state="OR"),
    search(
        "trabajos de enfermera que empiecen en marzo",
        profession=RN,
        start_from="2027-03-01",
        start_to="2027-03-31",
    ),
    search(
        "trabajos de UCI que empiecen lo antes posible",
        profession=RN,
        specialty="ICU",
        start="asap",
    ),
    search(
        "trabajos de enfermera cerca de Filadelfia", profession=RN, state="PA", city="Philadelphia"
    ),
    search("enfermera viajera en Nuevo Mexico", profession=RN, job_type="Travel", state="NM"),
    search("¿hay trabajos de sala de partos en Arizona?", specialty="L&D", state="AZ"),
    search("trabajos de 12 horas de noche", shift="Nights", shift_hours=12),
    search(
        "trabajos de med surg en florida pagando 2500 semanales",
        specialty="Med-Surg",
        state="FL",
        min_weekly_pay=2500.0,
    ),
    search("busco trabajo de enfermera en texs", profession=RN, state="TX"),
    search("trabajo de enfermera de noche en cali", profession=RN, shift="Nights", state="CA"),
    search("trabajos en jersey", state="NJ"),
    search("enfermera de uci pediatrica", profession=RN, specialty="PICU"),
    search("trabajos de CNA en nueva jersey, de noche", profession=CNA, state="NJ", shift="Nights"),
    search(
        "quiero trabajo de enfermera de viaje en Arizona o Nevada",
        profession=RN,
        job_type="Travel",
        state="AZ",
    ),
]

REFINEMENTS: list[Case] = [
    search("solo de noche", refinement=True, shift="Nights"),
    search("y en Arizona?", refinement=True, state="AZ"),
    search("mejor en Dallas", refinement=True, state="TX", city="Dallas"),
    search("solo trabajos de viaje", refinement=True, job_type="Travel"),
    search("de día", refinement=True, shift="Days"),
    search("que paguen más de 3000 a la semana", refinement=True, min_weekly_pay=3000.0),
    search("sin turnos de noche", refinement=True),
    search("¿y en Los Ángeles?", refinement=True, state="CA", city="Los Angeles"),
    search("fines de semana", refinement=True, shift="Weekends"),
    search("pago semanal de más de 2000", refinement=True, min_weekly_pay=2000.0),
]

CONVERSATIONS: list[Case] = [
    # The widget's Spanish chips that clear one filter (assistant/web/widget.js)
    conversation("enfermera de UCI en Texas", "Cualquier estado", profession=RN, specialty="ICU"),
    conversation("enfermera de UCI en Texas", "Cualquier especialidad", profession=RN, state="TX"),
    conversation(
        "trabajos de viaje de UCI", "Cualquier tipo de trabajo", profession=RN, specialty="ICU"
    ),
    conversation("trabajos urgentes de UCI", "No solo urgentes", profession=RN, specialty="ICU"),
    conversation(
        "UCI en Texas de noche", "Cualquier turno", profession=RN, specialty="ICU", state="TX"
    ),
    conversation(
        "trabajos de UCI en Texas",
        "solo de noche",
        profession=RN,
        specialty="ICU",
        state="TX",
        shift="Nights",
    ),
    conversation(
        "enfermera de urgencias en Florida",
        "y en Georgia?",
        profession=RN,
        specialty="ER",
        state="GA",
    ),
    conversation(
        "busco trabajo de viaje de enfermera",
        "en California",
        "más de 2500 por semana",
        profession=RN,
        job_type="Travel",
        state="CA",
        min_weekly_pay=2500.0,
    ),
    conversation(
        "trabajos de CNA en Houston",
        "mejor en Austin",
        profession=CNA,
        state="TX",
        city="Austin",
    ),
    conversation(
        "trabajos de telemetría en Ohio",
        "por día",
        profession=RN,
        specialty="Telemetry",
        state="OH",
        job_type="Per Diem",
    ),
    conversation(
        "enfermera de UCI en Arizona",
        "solo turnos de noche de 12 horas",
        profession=RN,
        specialty="ICU",
        state="AZ",
        shift="Nights",
        shift_hours=12,
    ),
    conversation(
        "trabajos de enfermera en Texas",
        "en Dallas",
        "de noche",
        profession=RN,
        state="TX",
        city="Dallas",
        shift="Nights",
    ),
    conversation(
        "busco trabajo de uci",
        "en nueva york",
        "y de viaje",
        profession=RN,
        specialty="ICU",
        state="NY",
        job_type="Travel",
    ),
]

INTENTS: list[Case] = [
    phrase("¿cuánto pagan?", Intent.JOB_DETAILS, detail_topic="pay"),
    phrase("cuanto pagan", Intent.JOB_DETAILS, detail_topic="pay"),
    phrase(
        "¿cuánto paga el segundo?",
        Intent.JOB_DETAILS,
        detail_topic="pay",
        job_reference={"ordinal": 2},
    ),
    phrase("quiero aplicar", Intent.APPLY),
    phrase("quiero aplicar al de Dallas", Intent.APPLY, job_reference={"city": "Dallas"}),
    phrase("me interesa el primero", Intent.APPLY, job_reference={"ordinal": 1}),
    phrase("quiero aplicar a ese", Intent.APPLY),
    phrase("quiero postularme a este trabajo", Intent.APPLY),
    phrase("sí", Intent.CONFIRM, expecting="confirm_apply"),
    phrase("si, envíala", Intent.CONFIRM, expecting="confirm_apply"),
    phrase("claro que sí", Intent.CONFIRM, expecting="confirm_apply"),
    phrase("no", Intent.CANCEL, expecting="confirm_apply"),
    phrase("no, gracias", Intent.CANCEL),
    phrase("mejor no", Intent.CANCEL, expecting="confirm_apply"),
    phrase("hablar con un reclutador", Intent.HUMAN),
    phrase("quiero hablar con una persona", Intent.HUMAN),
    phrase("¿me pueden llamar?", Intent.HUMAN),
    phrase("referir a una amiga", Intent.REFER_FRIEND),
    phrase("quiero recomendar a mi amiga, es enfermera", Intent.REFER_FRIEND),
    phrase(
        "mi amiga maria.lopez@gmail.com busca trabajo",
        Intent.REFER_FRIEND,
        referral_email="maria.lopez@gmail.com",
    ),
    phrase("¿ya se registró mi amiga?", Intent.REFERRAL_STATUS),
    phrase("hola", Intent.GREETING),
    phrase("buenos días", Intent.GREETING),
    phrase("gracias!", Intent.SMALLTALK, smalltalk="thanks"),
    phrase("adiós", Intent.SMALLTALK, smalltalk="bye"),
    phrase("¿eres un robot?", Intent.SMALLTALK, smalltalk="who_are_you"),
    phrase("ayuda", Intent.HELP),
    phrase("más resultados", Intent.MORE_RESULTS),
    phrase("muéstrame más", Intent.MORE_RESULTS),
    phrase("cuéntame más del segundo", Intent.JOB_DETAILS, job_reference={"ordinal": 2}),
    phrase("iniciar sesión", Intent.LOGIN),
    phrase("cancelar", Intent.CANCEL),
]

ACCOUNT: list[Case] = [
    phrase("mis solicitudes", AS),
    phrase("quiero ver mis aplicaciones", AS),
    phrase("a qué trabajos he aplicado?", AS),
    phrase(
        "¿cuál es el estado de mi solicitud para el trabajo de Dallas?",
        ST,
        application_ref={"city": "Dallas"},
    ),
    phrase("¿cómo va mi solicitud?", ST, application_ref={"city": None, "ordinal": None}),
    phrase("retirar mi solicitud", WD),
    phrase(
        "quiero retirar mi aplicación al trabajo de UCI", WD, application_ref={"specialty": "ICU"}
    ),
    phrase(
        "estoy disponible a partir del 1 de marzo",
        UP,
        profile_update={"available_from": date(2027, 3, 1)},
    ),
    phrase("solo quiero turnos de noche", UP, profile_update={"shift": "Nights"}),
    phrase("prefiero Texas y Arizona", UP, profile_update={"preferred_states": ["TX", "AZ"]}),
    phrase("solo quiero trabajos de viaje", UP, profile_update={"job_types": ["Travel"]}),
    phrase(
        "renové mi BLS, vence en marzo de 2028",
        CRED,
        credential={"kind": "certification", "name": "BLS", "expires_on": date(2028, 3, 31)},
    ),
    phrase(
        "agrega mi licencia de RN de California",
        CRED,
        credential={"kind": "license", "name": "RN", "state": "CA"},
    ),
    phrase("tengo licencia compacta", CRED, credential={"kind": "license", "name": "RN"}),
]

FAQS: list[Case] = [
    phrase("¿cómo funciona el pago de los trabajos de viaje?", FAQ, faq_topic="pay_package"),
    phrase("¿dan vivienda?", FAQ, faq_topic="housing"),
    phrase("¿tienen seguro médico desde el primer día?", FAQ, faq_topic="benefits"),
    phrase("¿cuánto es el bono por referir a alguien?", FAQ, faq_topic="referral_bonus"),
    phrase("¿qué es la licencia compacta?", FAQ, faq_topic="licensure"),
    phrase("¿cuánto tarda la acreditación?", FAQ, faq_topic="credentialing"),
    phrase("¿qué pasa después de aplicar?", FAQ, faq_topic="application_process"),
    phrase("¿los estipendios pagan impuestos?", FAQ, faq_topic="stipends"),
    phrase("¿cuándo me pagan?", FAQ, faq_topic="payroll"),
    phrase("que estados aceptan la licencia compacta", FAQ, faq_topic="licensure"),
]

SECOND_BATCH: list[Case] = [
    phrase("muéstrame mis solicitudes", AS),
    phrase("a que trabajos me postulé?", AS),
    phrase("en qué va mi aplicación de Houston?", ST, application_ref={"city": "Houston"}),
    phrase("ya revisaron mi solicitud?", ST),
    phrase(
        "quiero cancelar mi solicitud del trabajo de Miami", WD, application_ref={"city": "Miami"}
    ),
    phrase("retira mi aplicacion por favor", WD),
    phrase(
        "estoy disponible desde el 15 de enero",
        UP,
        profile_update={"available_from": date(2027, 1, 15)},
    ),
    phrase("prefiero trabajar de noche", UP, profile_update={"shift": "Nights"}),
    phrase("solo quiero trabajar en Florida", UP, profile_update={"preferred_states": ["FL"]}),
    phrase(
        "saqué mi licencia de enfermera en Texas",
        CRED,
        credential={"kind": "license", "name": "RN", "state": "TX"},
    ),
    phrase("renové mi ACLS", CRED, credential={"kind": "certification", "name": "ACLS"}),
    phrase("¿ofrecen vivienda?", FAQ, faq_topic="housing"),
    phrase("¿cómo funcionan los estipendios?", FAQ, faq_topic="stipends"),
    phrase("¿tienen beneficios?", FAQ, faq_topic="benefits"),
    phrase("¿cuánto dan por referir a una amiga?", FAQ, faq_topic="referral_bonus"),
    phrase("¿necesito licencia de Texas?", FAQ, faq_topic="licensure"),
    phrase("¿cuánto tiempo toma el proceso de acreditación?", FAQ, faq_topic="credentialing"),
    search(
        "busco trabajo de auxiliar de enfermeria en Dallas",
        profession=CNA,
        state="TX",
        city="Dallas",
    ),
    search("hay trabajo para enfermeras en Chicago?", profession=RN, state="IL", city="Chicago"),
    search(
        "trabajos de enfermera de noche en nueva york", profession=RN, shift="Nights", state="NY"
    ),
    search(
        "necesito un trabajo de LVN en San Antonio", profession=LPN, state="TX", city="San Antonio"
    ),
    search(
        "trabajos de uci de viaje en california que paguen 3000 a la semana",
        profession=RN,
        specialty="ICU",
        job_type="Travel",
        state="CA",
        min_weekly_pay=3000.0,
    ),
    search(
        "soy enfermera de urgencias y busco trabajo en Arizona",
        profession=RN,
        specialty="ER",
        state="AZ",
    ),
    search("busco trabajo de terapeuta fisico", profession="Physical Therapist"),
    search("trabajos de medico quirurgico en Ohio", specialty="Med-Surg", state="OH"),
    search("solo turnos de día", refinement=True, shift="Days"),
    search("y en florida?", refinement=True, state="FL"),
    search("mejor de viaje", refinement=True, job_type="Travel"),
    search("que paguen al menos 50 la hora", refinement=True, min_hourly_pay=50.0),
    conversation(
        "trabajos de enfermera en Florida",
        "en Miami",
        "turno de noche",
        profession=RN,
        state="FL",
        city="Miami",
        shift="Nights",
    ),
    conversation(
        "busco trabajo de UCI",
        "en Texas o Arizona",
        "de viaje",
        profession=RN,
        specialty="ICU",
        state="TX",
        job_type="Travel",
    ),
    phrase("si quiero aplicar", Intent.APPLY),
    phrase("dale, aplica", Intent.APPLY),
    phrase("sí, adelante", Intent.CONFIRM, expecting="confirm_apply"),
    phrase("no, mejor no", Intent.CANCEL, expecting="confirm_apply"),
    phrase("quiero hablar con alguien", Intent.HUMAN),
    phrase("me puede llamar un reclutador?", Intent.HUMAN),
    phrase("tengo una amiga que es enfermera, puedo referirla?", Intent.REFER_FRIEND),
    phrase("buenas tardes", Intent.GREETING),
    phrase("muchas gracias!", Intent.SMALLTALK, smalltalk="thanks"),
    phrase("qué incluye el segundo?", Intent.JOB_DETAILS, job_reference={"ordinal": 2}),
    phrase("el sueldo de ese trabajo?", Intent.JOB_DETAILS, detail_topic="pay"),
]
"""A second batch, written once the first passed, to see how the rules did on phrasings
they were not written for; kept (with the fixes they asked for) as rows like the others."""

THIRD_BATCH: list[Case] = [
    search("busco trabajo de enfermera en tejas", profession=RN, state="TX"),
    search("trabajos de enfermera en califonia", profession=RN, state="CA"),
    search(
        "trabajo de uci en florida de noche",
        profession=RN,
        specialty="ICU",
        state="FL",
        shift="Nights",
    ),
    search("hay trabajos de enfermera en nueva jersey?", profession=RN, state="NJ"),
    search("trabajos de emergencias en Phoenix", specialty="ER", state="AZ", city="Phoenix"),
    search("busco empleo de enfermera de pediatría", profession=RN, specialty="Pediatrics"),
    search("trabajos en la UCI pediátrica", specialty="PICU"),
    search(
        "enfermera de cuidados intensivos en Houston",
        profession=RN,
        specialty="ICU",
        state="TX",
        city="Houston",
    ),
    search("trabajo de asistente de enfermería en Miami", profession=CNA, state="FL", city="Miami"),
    search("busco trabajo como CNA de noche", profession=CNA, shift="Nights"),
    search("trabajos de enfermera practica licenciada en Texas", profession=LPN, state="TX"),
    search("trabajos por día de enfermera", profession=RN, job_type="Per Diem"),
    search(
        "trabajos permanentes de enfermera en Georgia", profession=RN, job_type="Perm", state="GA"
    ),
    search(
        "trabajos de viaje de telemetría", profession=RN, specialty="Telemetry", job_type="Travel"
    ),
    search(
        "busco trabajo en Los Ángeles de enfermera", profession=RN, state="CA", city="Los Angeles"
    ),
    search("trabajo de enfermera en Filadelfia", profession=RN, state="PA", city="Philadelphia"),
    search("hay algo de UCI neonatal en Chicago?", specialty="NICU", state="IL", city="Chicago"),
    search("quiero trabajar de enfermera en Carolina del Norte", profession=RN, state="NC"),
    search("trabajos de parto y parto en Texas", specialty="L&D", state="TX"),
    search("trabajos de sala de operaciones en Ohio", profession=RN, specialty="OR", state="OH"),
    search("necesito trabajo de noche en Dallas", state="TX", city="Dallas", shift="Nights"),
    search(
        "busco trabajo de enfermera que pague mas de 40 dolares la hora",
        profession=RN,
        min_hourly_pay=40.0,
    ),
    search(
        "enfermeras de oncología en Nueva York", profession=RN, specialty="Oncology", state="NY"
    ),
    search("trabajo de psiquiatría en Colorado", specialty="Psych", state="CO"),
    search(
        "trabajos de enfermeria en Arizona turno de dia", profession=RN, state="AZ", shift="Days"
    ),
    search("busco trabajo de enfermera en Texs", profession=RN, state="TX"),
    search("trabajo de fin de semana para CNA", profession=CNA, shift="Weekends"),
    search("y en Georgia?", refinement=True, state="GA"),
    search("solo de viaje", refinement=True, job_type="Travel"),
    search("mejor turnos de día", refinement=True, shift="Days"),
    search("en Houston mejor", refinement=True, state="TX", city="Houston"),
    conversation(
        "trabajos de enfermera en Texas",
        "de noche",
        "de viaje",
        profession=RN,
        state="TX",
        shift="Nights",
        job_type="Travel",
    ),
    conversation(
        "busco trabajo de UCI", "en California", profession=RN, specialty="ICU", state="CA"
    ),
    conversation(
        "trabajos de CNA en Florida", "en Orlando", profession=CNA, state="FL", city="Orlando"
    ),
    conversation("trabajos de urgencias en Arizona", "y en Nevada?", specialty="ER", state="NV"),
    conversation(
        "enfermera de UCI en Texas",
        "que paguen más de 2500 a la semana",
        profession=RN,
        specialty="ICU",
        state="TX",
        min_weekly_pay=2500.0,
    ),
    # account
    phrase("mis aplicaciones", AS),
    phrase("¿dónde veo mis solicitudes?", AS),
    phrase("enséñame mis postulaciones", AS),
    phrase("¿a qué trabajos apliqué?", AS),
    phrase("¿cuál es el estado de mi solicitud?", ST),
    phrase("¿qué pasó con mi solicitud de Dallas?", ST, application_ref={"city": "Dallas"}),
    phrase("¿cómo va la segunda solicitud?", ST, application_ref={"ordinal": 2}),
    phrase(
        "¿ya vieron mi aplicación para el trabajo de UCI?", ST, application_ref={"specialty": "ICU"}
    ),
    phrase("¿hay novedades de mi solicitud?", ST),
    phrase("quiero retirar mi solicitud de Houston", WD, application_ref={"city": "Houston"}),
    phrase("cancela mi aplicación por favor", WD),
    phrase(
        "ya no me interesa el trabajo de Miami, retira mi solicitud",
        WD,
        application_ref={"city": "Miami"},
    ),
    phrase("retira la segunda solicitud", WD, application_ref={"ordinal": 2}),
    phrase("puedo empezar el 1 de abril", UP, profile_update={"available_from": date(2027, 4, 1)}),
    phrase(
        "estoy disponible desde el 10 de febrero",
        UP,
        profile_update={"available_from": date(2027, 2, 10)},
    ),
    phrase("prefiero turnos de día", UP, profile_update={"shift": "Days"}),
    phrase(
        "solo quiero trabajar en Texas y Florida",
        UP,
        profile_update={"preferred_states": ["TX", "FL"]},
    ),
    phrase("cambia mi turno a noches", UP, profile_update={"shift": "Nights"}),
    phrase("solo me interesan trabajos por día", UP, profile_update={"job_types": ["Per Diem"]}),
    phrase(
        "agrega mi certificación de BLS", CRED, credential={"kind": "certification", "name": "BLS"}
    ),
    phrase(
        "tengo mi licencia de enfermera de Florida",
        CRED,
        credential={"kind": "license", "name": "RN", "state": "FL"},
    ),
    phrase("saqué el PALS", CRED, credential={"kind": "certification", "name": "PALS"}),
    phrase(
        "mi BLS vence en junio de 2027",
        CRED,
        credential={"kind": "certification", "name": "BLS", "expires_on": date(2027, 6, 30)},
    ),
    # FAQ
    phrase("¿cómo funciona el estipendio de vivienda?", FAQ),
    phrase("¿me ayudan a encontrar vivienda?", FAQ, faq_topic="housing"),
    phrase("¿cuándo empieza el seguro médico?", FAQ, faq_topic="benefits"),
    phrase("¿tienen plan de jubilación?", FAQ, faq_topic="benefits"),
    phrase("¿cuánto es el bono de referido?", FAQ, faq_topic="referral_bonus"),
    phrase("¿Texas es un estado de licencia compacta?", FAQ, faq_topic="licensure"),
    phrase("¿cuánto tarda el proceso de credenciales?", FAQ, faq_topic="credentialing"),
    phrase("¿qué pasa después de que aplico?", FAQ, faq_topic="application_process"),
    phrase("¿los estipendios son libres de impuestos?", FAQ, faq_topic="stipends"),
    phrase("¿pagan cada semana?", FAQ, faq_topic="payroll"),
    search("trabajos de UCI con vivienda en Texas", profession=RN, specialty="ICU", state="TX"),
    # apply / referral / handoff
    phrase("quiero aplicar al segundo", Intent.APPLY, job_reference={"ordinal": 2}),
    phrase("me postulo al de Houston", Intent.APPLY, job_reference={"city": "Houston"}),
    phrase("aplica por mí al primero", Intent.APPLY, job_reference={"ordinal": 1}),
    phrase("quiero referir a un compañero de trabajo", Intent.REFER_FRIEND),
    phrase("¿mi amiga ya se inscribió?", Intent.REFERRAL_STATUS),
    phrase("necesito hablar con un reclutador", Intent.HUMAN),
    phrase("pásame con una persona real", Intent.HUMAN),
    phrase("dime más del tercero", Intent.JOB_DETAILS, job_reference={"ordinal": 3}),
    phrase(
        "¿cuánto paga el de Dallas?",
        Intent.JOB_DETAILS,
        detail_topic="pay",
        job_reference={"city": "Dallas"},
    ),
    phrase("¿qué horario tiene el primero?", Intent.JOB_DETAILS, job_reference={"ordinal": 1}),
    phrase("hasta luego", Intent.SMALLTALK, smalltalk="bye"),
]
"""A third batch, held out: written before looking at the rules again. Of its 81 rows as
first written, 73 were understood, 2 expected the wrong thing (corrected) and 6 were missed
(92% held out). The fixes are general: phrases of the table ('plan de jubilación', 'pásame
con', 'solo me interesan', 'después de que', 'ya se inscribió') and English rules the
translation reaches ('my friend already signed up?', 'do you pay every week?')."""

FOURTH_BATCH: list[Case] = [
    search("hola! busco chamba de enfermera en Houston", profession=RN, state="TX", city="Houston"),
    search("ocupo trabajo de CNA en Phoenix", profession=CNA, state="AZ", city="Phoenix"),
    search("tienen trabajos de enfermera en Miami?", profession=RN, state="FL", city="Miami"),
    search("me gustaría trabajar de enfermera en California", profession=RN, state="CA"),
    search(
        "busco trabajo de enfermera en la UCI en Texas", profession=RN, specialty="ICU", state="TX"
    ),
    search("quiero un trabajo de viaje de urgencias", specialty="ER", job_type="Travel"),
    search(
        "trabajos de enfermera de noche en Chicago que paguen bien",
        profession=RN,
        shift="Nights",
        state="IL",
        city="Chicago",
    ),
    search("trabajos de enfermera en San Diego", profession=RN, state="CA", city="San Diego"),
    search("trabajos de enfermeria en nueva jersey", profession=RN, state="NJ"),
    search(
        "trabajo de telemetria en Florida de dia",
        profession=RN,
        specialty="Telemetry",
        state="FL",
        shift="Days",
    ),
    conversation(
        "busco trabajo de enfermera",
        "en Arizona",
        "de noche",
        profession=RN,
        state="AZ",
        shift="Nights",
    ),
    conversation(
        "trabajos de UCI en Florida", "mejor en Georgia", profession=RN, specialty="ICU", state="GA"
    ),
    phrase("¿en qué estado está mi solicitud?", ST),
    phrase("quiero ver el estado de mis solicitudes", AS),
    phrase("¿me aceptaron en el trabajo de Dallas?", ST, application_ref={"city": "Dallas"}),
    phrase(
        "ya no quiero el trabajo de Phoenix, cancela mi solicitud",
        WD,
        application_ref={"city": "Phoenix"},
    ),
    phrase("retírame del segundo", WD, application_ref={"ordinal": 2}),
    phrase(
        "puedo empezar a partir del 15 de marzo",
        UP,
        profile_update={"available_from": date(2027, 3, 15)},
    ),
    phrase(
        "solo quiero trabajos de viaje de ahora en adelante",
        UP,
        profile_update={"job_types": ["Travel"]},
    ),
    phrase(
        "cambia mis estados preferidos a Texas y Nevada",
        UP,
        profile_update={"preferred_states": ["TX", "NV"]},
    ),
    phrase("acabo de renovar mi BLS", CRED, credential={"kind": "certification", "name": "BLS"}),
    phrase("¿dan seguro dental?", FAQ, faq_topic="benefits"),
    phrase("¿cuánto me dan si refiero a alguien?", FAQ, faq_topic="referral_bonus"),
    phrase("¿necesito licencia compacta para viajar?", FAQ, faq_topic="licensure"),
    phrase("¿cómo me pagan los trabajos de viaje?", FAQ, faq_topic="pay_package"),
    phrase("quiero aplicar al de Miami", Intent.APPLY, job_reference={"city": "Miami"}),
    phrase("¿puedo hablar con alguien por teléfono?", Intent.HUMAN),
    phrase("quiero recomendar a un amigo", Intent.REFER_FRIEND),
]
"""A fourth batch, held out the same way: of 28 rows, 25 understood as written and 3 missed
(89%), fixed by phrases of the table: 'me aceptaron / me rechazaron / me contrataron' (was
I accepted...), 'cuánto me dan si refiero' (the referral bonus), 'cómo me pagan' (the pay
package)."""

FIFTH_BATCH: list[Case] = [
    search(
        "busco trabajo de enfermera de noche en florida", profession=RN, shift="Nights", state="FL"
    ),
    search(
        "trabajos para enfermeras de urgencias en tejas", profession=RN, specialty="ER", state="TX"
    ),
    search("hay chamba de CNA en Los Angeles?", profession=CNA, state="CA", city="Los Angeles"),
    phrase("¿cómo va mi aplicación de Miami?", ST, application_ref={"city": "Miami"}),
    phrase(
        "quiero retirar la solicitud del trabajo de UCI", WD, application_ref={"specialty": "ICU"}
    ),
    phrase("estoy disponible a partir de enero", UP),
    phrase("agrega mi licencia de Texas", CRED, credential={"kind": "license", "state": "TX"}),
    phrase("¿cuánto tiempo duran los contratos?", FAQ, faq_topic="contract"),
    phrase("¿pagan los gastos de viaje?", FAQ, faq_topic="travel"),
    phrase("quiero hablar con mi reclutadora", Intent.HUMAN),
]
"""A fifth batch, held out the same way: of 10 rows, 8 understood as written; fixed by
phrases of the table: 'cuánto (tiempo) duran', 'gastos de viaje' and other travel costs."""

SIXTH_BATCH: list[Case] = [
    search(
        "busco trabajo de enfermera de UCI en Miami",
        profession=RN,
        specialty="ICU",
        state="FL",
        city="Miami",
    ),
    search("hay trabajo de CNA en houston ahorita?", profession=CNA, state="TX", city="Houston"),
    search(
        "trabajos de viaje para enfermeras en california que paguen 3000 por semana",
        profession=RN,
        job_type="Travel",
        state="CA",
        min_weekly_pay=3000.0,
    ),
    search(
        "necesito chamba de noche en dallas, soy LVN",
        profession=LPN,
        shift="Nights",
        state="TX",
        city="Dallas",
    ),
    search(
        "enfermera de telemetria en phoenix, turno de dia",
        profession=RN,
        specialty="Telemetry",
        shift="Days",
        state="AZ",
        city="Phoenix",
    ),
    search(
        "busco trabajo de terapeuta fisico en san diego",
        profession="Physical Therapist",
        state="CA",
        city="San Diego",
    ),
    search(
        "tecnico de radiologia en chicago",
        profession="Radiologic Technologist",
        state="IL",
        city="Chicago",
    ),
    search("trabajos de sala de partos en el paso", specialty="L&D", state="TX", city="El Paso"),
    search(
        "enfermera de urgencias, 12 horas, en nueva york",
        profession=RN,
        specialty="ER",
        shift_hours=12,
        state="NY",
    ),
    search(
        "trabajo de enfermera que empiece lo antes posible en florida",
        profession=RN,
        state="FL",
        start="asap",
    ),
    search("trabajos de UCI pediatrica en texas", specialty="PICU", state="TX"),
    search(
        "hola buenas tardes, quisiera saber si tienen trabajos para enfermera de quirofano en los"
        " angeles, tengo 5 años de experiencia",
        profession=RN,
        specialty="OR",
        state="CA",
        city="Los Angeles",
    ),
    search(
        "busco trabajo de asistente de enfermeria en san antonio que pague 20 la hora",
        profession=CNA,
        state="TX",
        city="San Antonio",
        min_hourly_pay=20.0,
    ),
    search(
        "empleos de terapeuta respiratorio por contrato de viaje en arizona",
        profession="Respiratory Therapist",
        job_type="Travel",
        state="AZ",
    ),
    search(
        "trabajos de enfermera en nuevo mexico empezando en enero",
        profession=RN,
        state="NM",
        start_from="2027-01-01",
        start_to="2027-01-31",
    ),
    search(
        "busco trabajo de med surg en orlando de noche",
        specialty="Med-Surg",
        state="FL",
        city="Orlando",
        shift="Nights",
    ),
    search(
        "hay trabajos per diem de enfermera en atlanta?",
        profession=RN,
        job_type="Per Diem",
        state="GA",
        city="Atlanta",
    ),
    search(
        "trabajo permanente de enfermera en chicago",
        profession=RN,
        job_type="Perm",
        state="IL",
        city="Chicago",
    ),
    search(
        "enfermera de oncologia en houston, pago minimo 2500 a la semana",
        profession=RN,
        specialty="Oncology",
        state="TX",
        city="Houston",
        min_weekly_pay=2500.0,
    ),
    search(
        "tecnico quirurgico en miami", profession="Surgical Technologist", state="FL", city="Miami"
    ),
    search(
        "busco trabajos de sonografista en texas",
        profession="Diagnostic Medical Sonographer",
        state="TX",
    ),
    search(
        "trabajos de enfermera psiquiatrica en nueva jersey",
        profession=RN,
        specialty="Psych",
        state="NJ",
    ),
    search(
        "jobs de travel nurse en san antonio",
        profession=RN,
        job_type="Travel",
        state="TX",
        city="San Antonio",
    ),
    search("enfermera en filadelfia", profession=RN, state="PA", city="Philadelphia"),
    search("trabajos de hospicio en arizona", specialty="Hospice", state="AZ"),
    search("trabajos de enfermera a partir del 15 de enero", profession=RN, start="2027-01-15"),
    search("trabajos en florida que paguen 50 dolares la hora", state="FL", min_hourly_pay=50.0),
    conversation(
        "enfermera de UCI en texas",
        "mejor en houston",
        profession=RN,
        specialty="ICU",
        state="TX",
        city="Houston",
    ),
    conversation(
        "trabajos de viaje en california",
        "solo de noche",
        job_type="Travel",
        state="CA",
        shift="Nights",
    ),
    conversation("busco trabajo de CNA en florida", "y en georgia?", profession=CNA, state="GA"),
    conversation(
        "trabajos de urgencias en chicago",
        "que paguen mas de 2500",
        specialty="ER",
        state="IL",
        city="Chicago",
        min_weekly_pay=2500.0,
    ),
    conversation(
        "enfermera de telemetria",
        "que empiece en febrero",
        profession=RN,
        specialty="Telemetry",
        start_from="2027-02-01",
        start_to="2027-02-28",
    ),
    phrase(
        "cuanto paga el segundo",
        Intent.JOB_DETAILS,
        job_reference={"ordinal": 2},
        detail_topic="pay",
    ),
    phrase("dime mas del de dallas", Intent.JOB_DETAILS, job_reference={"city": "Dallas"}),
    phrase("quiero aplicar al primero", Intent.APPLY, job_reference={"ordinal": 1}),
    phrase("me postulo al de houston", Intent.APPLY, job_reference={"city": "Houston"}),
    phrase(
        "que horario tiene el tercero",
        Intent.JOB_DETAILS,
        job_reference={"ordinal": 3},
        detail_topic="shift",
    ),
    phrase("muestrame mas", Intent.MORE_RESULTS),
    phrase("como va mi solicitud para el trabajo de miami", ST, application_ref={"city": "Miami"}),
    phrase("quiero retirar mi solicitud", WD),
    phrase("solo quiero trabajar de noche", UP, profile_update={"shift": "Nights"}),
    phrase(
        "tengo licencia de enfermera de texas",
        CRED,
        credential={"kind": "license", "name": "RN", "state": "TX"},
    ),
    phrase(
        "ya saque mi certificacion de BLS",
        CRED,
        credential={"kind": "certification", "name": "BLS"},
    ),
    phrase("ustedes dan vivienda?", FAQ, faq_topic="housing"),
    phrase("cada cuando pagan?", FAQ, faq_topic="payroll"),
    phrase("tienen seguro medico?", FAQ, faq_topic="benefits"),
    phrase("cuanto dan por recomendar a una amiga", FAQ, faq_topic="referral_bonus"),
    phrase("necesito licencia de cada estado?", FAQ, faq_topic="licensure"),
    phrase("cuanto duran los contratos", FAQ, faq_topic="contract"),
    phrase("los estipendios pagan impuestos?", FAQ, faq_topic="stipends"),
    phrase("cuanta experiencia necesito para viajar", FAQ, faq_topic="requirements"),
    phrase("quiero recomendar a una compañera", Intent.REFER_FRIEND),
    phrase("que mi reclutador me llame por favor", Intent.HUMAN),
    phrase("si, mandala", Intent.CONFIRM, expecting="confirm_apply"),
    phrase("buenos dias", Intent.GREETING),
    phrase("mi amiga ya se registro?", Intent.REFERRAL_STATUS),
    phrase("que puedes hacer?", Intent.HELP),
]
"""A sixth batch, held out the same way: of 57 rows (five more repeated earlier rows word
for word and were left out), 52 understood as written (91%) and 5 missed: "jobs de travel
nurse en san antonio" read as English (job words voted English), "dime mas del de dallas",
"que horario tiene el tercero", "cada cuando pagan?", "que mi reclutador me llame". Fixed:
job words vote for no language and "en" is a full Spanish vote; "del de", "horario", "cada
cuando", "me llame" in the phrase table."""

PLACE_NAMES: list[Case] = [
    search("trabajos de enfermera en LA", profession=RN, state="CA", city="Los Angeles"),
    search(
        "enfermera de UCI en san diago",
        profession=RN,
        specialty="ICU",
        state="CA",
        city="San Diego",
    ),
]
"""'LA' is Los Angeles here too (a Spanish 'la' is an article, read as 'the'); a slip in a
short word of a place name."""

PROBED: list[Case] = [
    search(
        "trabajos de enfermera en san antonio de noche 3 por 12",
        profession=RN,
        state="TX",
        city="San Antonio",
        shift="Nights",
        shift_hours=12,
    ),
    search("busco trabajo como tecnico de tomografia", profession="CT Technologist"),
    search("trabajos para asistente de terapia fisica", profession="Physical Therapist Assistant"),
    search("enfermera de cuidados intensivos cardiacos", profession=RN, specialty="CVICU"),
    search("mandame trabajos de UCI en florida porfa", profession=RN, specialty="ICU", state="FL"),
    conversation(
        "trabajos de urgencias en florida de noche",
        "quita las noches",
        specialty="ER",
        state="FL",
    ),
    phrase("ya no quiero el trabajo de dallas, retirenme", WD, application_ref={"city": "Dallas"}),
    phrase("pagan el viaje?", FAQ, faq_topic="travel"),
    search(
        "busco trabajo de enfermera en los angelas",
        profession=RN,
        state="CA",
        city="Los Angeles",
    ),
    search("trabajos en las vegaz", state="NV", city="Las Vegas"),
    search("trabajos de enfermeria en el area de la bahia", profession=RN, state="CA"),
    phrase("a ver los demas", Intent.MORE_RESULTS),
]
"""Written after the sixth batch's fixes, from probing the rules (not held out): "3 por 12",
imaging and therapy assistants in Spanish, "cuidados intensivos cardiacos", "mandame ...
porfa", "quita las noches", "retirenme", "pagan el viaje?", "los angelas" (the article kept
before a word the table does not know), "el area de la bahia", "los demas"."""

SEVENTH_BATCH: list[Case] = [
    search(
        "busco trabajo de enfermera en austin de noche",
        profession=RN,
        state="TX",
        city="Austin",
        shift="Nights",
    ),
    search(
        "trabajos de UCI en arizona que paguen 2800 por semana",
        profession=RN,
        specialty="ICU",
        state="AZ",
        min_weekly_pay=2800.0,
    ),
    search("necesito trabajo de LPN en el paso texas", profession=LPN, state="TX", city="El Paso"),
    search(
        "hay trabajos de terapeuta respiratorio en nevada?",
        profession="Respiratory Therapist",
        state="NV",
    ),
    search(
        "enfermera de sala de operaciones en miami",
        profession=RN,
        specialty="OR",
        state="FL",
        city="Miami",
    ),
    search(
        "trabajos de enfermera de viaje que empiecen en marzo",
        profession=RN,
        job_type="Travel",
        start_from="2027-03-01",
        start_to="2027-03-31",
    ),
    search(
        "busco trabajo como asistente de enfermeria en chicago",
        profession=CNA,
        state="IL",
        city="Chicago",
    ),
    search(
        "trabajos de telemetria en nuevo mexico", profession=RN, specialty="Telemetry", state="NM"
    ),
    search(
        "trabajos de urgencias de noche en houston",
        specialty="ER",
        shift="Nights",
        state="TX",
        city="Houston",
    ),
    search(
        "empleos de enfermera en san diego que paguen 60 la hora",
        profession=RN,
        state="CA",
        city="San Diego",
        min_hourly_pay=60.0,
    ),
    search(
        "busco algo per diem de enfermera en dallas",
        profession=RN,
        job_type="Per Diem",
        state="TX",
        city="Dallas",
    ),
    search("trabajos de enfermera en carolina del norte", profession=RN, state="NC"),
    search("trabajos de UCI neonatal de viaje", specialty="NICU", job_type="Travel"),
    conversation(
        "trabajos de enfermera en florida", "en orlando", profession=RN, state="FL", city="Orlando"
    ),
    conversation(
        "trabajos de UCI en texas",
        "de dia",
        profession=RN,
        specialty="ICU",
        state="TX",
        shift="Days",
    ),
    phrase(
        "cuanto paga el primero?",
        Intent.JOB_DETAILS,
        job_reference={"ordinal": 1},
        detail_topic="pay",
    ),
    phrase("quiero aplicar al de dallas", Intent.APPLY, job_reference={"city": "Dallas"}),
    phrase("como va mi solicitud?", ST),
    phrase("retira mi solicitud del trabajo de miami", WD, application_ref={"city": "Miami"}),
    phrase("tienen beneficios de salud?", FAQ, faq_topic="benefits"),
    phrase("cuanto es el bono por referir?", FAQ, faq_topic="referral_bonus"),
    phrase("quiero referir a mi amiga", Intent.REFER_FRIEND),
    phrase("hola buenas", Intent.GREETING),
    phrase("puedo empezar el 5 de enero", UP, profile_update={"available_from": date(2027, 1, 5)}),
]
"""A seventh batch, written after reading the rules but run only once written: 24 of 24
understood as written (a 25th repeated an earlier row word for word and is left out)."""

TABLE: list[Case] = [
    *SEVENTH_BATCH,
    *SIXTH_BATCH,
    *PLACE_NAMES,
    *PROBED,
    *FIFTH_BATCH,
    *FOURTH_BATCH,
    *THIRD_BATCH,
    *SECOND_BATCH,
    *SEARCHES,
    *REFINEMENTS,
    *CONVERSATIONS,
    *INTENTS,
    *ACCOUNT,
    *FAQS,
]


@pytest.mark.parametrize("case", TABLE, ids=[c.text for c in TABLE])
def test_spanish_breadth(case: Case) -> None:
    assert check(case, "es") == []


def test_the_table_is_broad() -> None:
    assert len(TABLE) >= 80
    assert len({c.text for c in TABLE}) == len(TABLE)
