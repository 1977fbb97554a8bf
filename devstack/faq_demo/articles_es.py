"""The demo FAQ articles in Spanish: translations of the English ones that Spanish-speaking
candidates (CNAs and LPNs especially) ask about most. Same policies, same figures."""

from __future__ import annotations

from devstack.faq_demo.model import DemoArticle

PAY_PACKAGES = DemoArticle(
    key="pay-packages",
    language="es",
    topic="pay_package",
    title="Cómo funcionan los paquetes de pago de viaje",
    slug="paquetes-de-pago-de-viaje",
    seo_title="Cómo funcionan los paquetes de pago | Excel Medical Staffing",
    seo_description=(
        "Un paquete de pago de viaje es una tarifa por hora con impuestos más viáticos libres "
        "de impuestos para vivienda y comidas. Horas extra y pago publicado."
    ),
    seo_keywords="pago enfermera de viaje, paquete de pago, viáticos, horas extra",
    excerpt="Pago base con impuestos más viáticos libres de impuestos: qué es cada parte.",
    markdown="""\
Cada oferta de viaje que enviamos muestra el paquete de pago línea por línea, para que veas
exactamente qué te pagamos y por qué.

## ¿Qué incluye un paquete de pago de viaje?

Un paquete semanal de viaje tiene dos partes. La primera es una **tarifa base por hora con
impuestos** por cada hora que trabajas. La segunda son **viáticos libres de impuestos** para
los gastos de trabajar lejos de casa: un viático de vivienda y un viático de comidas y gastos
menores (M&IE). Tu pago bruto semanal es la tarifa base por tus horas, más los viáticos.
Algunos trabajos también pagan un bono de contratación o de finalización.

## ¿Por qué la tarifa base es más baja que la de una enfermera de planta?

Porque una parte grande de tu pago llega como viáticos libres de impuestos. Los viáticos
reemplazan parte del salario por hora, así que la tarifa base es más baja, pero lo que
recibes en mano suele ser más alto. Las horas extra y los días feriados se calculan sobre la
tarifa base.

## ¿El pago que aparece en un anuncio está garantizado?

No. El pago de un anuncio es un bruto semanal estimado. Tu paquete exacto está en tu oferta
por escrito y depende de si calificas para los viáticos libres de impuestos, del turno, de
las horas garantizadas y de cualquier bono. Nada es final hasta que firmas el contrato.

## ¿Cómo se pagan las horas extra?

Las horas de más de 40 en una semana de trabajo se pagan a 1.5 veces tu tarifa base. Donde la
ley del estado exige horas extra por día (en California, por ejemplo), la seguimos. Los
feriados que trabajas también se pagan a 1.5 veces la tarifa base.

## ¿Puedo recibir todo mi pago como salario con impuestos?

Sí. Si no calificas para los viáticos libres de impuestos, o si lo prefieres, te pagamos el
mismo paquete como salario por hora con impuestos.
""",
)

HOUSING = DemoArticle(
    key="housing",
    language="es",
    topic="housing",
    title="Vivienda durante tu asignación",
    slug="vivienda-durante-la-asignacion",
    seo_title="Vivienda para enfermeras de viaje | Excel Medical Staffing",
    seo_description=(
        "Vivienda amueblada que arreglamos nosotros o un viático de vivienda para buscar la "
        "tuya: cómo funciona cada opción, mascotas, familia y fechas."
    ),
    seo_keywords="vivienda enfermera de viaje, viático de vivienda, apartamento amueblado",
    excerpt="Toma nuestra vivienda amueblada o el viático de vivienda y busca la tuya.",
    markdown="""\
En cada asignación de viaje eliges cómo quieres vivir: en una vivienda que arreglamos para
ti, o en un lugar que buscas tú con el viático de vivienda.

## ¿Ustedes dan vivienda?

Sí, si la quieres. Puedes elegir **vivienda de la empresa**: un apartamento amueblado de una
habitación cerca del centro de trabajo, con servicios y Wi-Fi incluidos, que buscamos y
pagamos nosotros. O puedes tomar el **viático de vivienda** y buscar tu propio lugar. Con la
vivienda de la empresa no recibes viático de vivienda; el viático de comidas se paga igual.

## ¿Cuánto es el viático de vivienda?

Depende de dónde es la asignación: el viático sigue las tarifas federales de alojamiento del
condado del centro de trabajo, así que es más alto en ciudades caras. La cantidad exacta está
en el detalle de pago de cada oferta.

## ¿Puedo llevar a mi mascota?

Sí. Con tu propia vivienda depende del dueño. Con la vivienda de la empresa, avisa a tu
reclutador antes de aceptar la oferta y buscamos un lugar que acepte mascotas; los depósitos
y cargos por mascotas los pagas tú.

## ¿Cuándo sabré dónde me voy a quedar?

La vivienda de la empresa se confirma por lo menos 7 días antes de tu fecha de inicio, con la
dirección y los detalles para mudarte. Si buscas tu propio lugar, nunca envíes dinero a un
dueño que no has verificado: tu reclutador te ayuda a revisar un anuncio.
""",
)

BENEFITS = DemoArticle(
    key="benefits",
    language="es",
    topic="benefits",
    title="Beneficios y seguro médico",
    slug="beneficios-y-seguro-medico",
    seo_title="Beneficios y seguro médico desde el primer día | Excel Medical Staffing",
    seo_description=(
        "Seguro médico, dental y de visión desde tu primer día, cobertura entre asignaciones, "
        "401(k) con aporte de la empresa y días de enfermedad pagados."
    ),
    seo_keywords="beneficios, seguro médico, seguro dental, 401k, días de enfermedad",
    excerpt="Seguro médico, dental y de visión desde el primer día, 401(k) y días de enfermedad.",
    markdown="""\
Nuestro personal de viaje son nuestros empleados, con los mismos beneficios en cada
asignación.

## ¿Cuándo empieza mi seguro médico?

Desde el primer día. El seguro médico, dental y de visión empieza el primer día de tu primera
asignación con nosotros, sin período de espera. Eliges tus planes cuando aceptas tu primera
oferta.

## ¿Qué seguros ofrecen?

Seguro médico (dos planes para elegir), seguro dental, seguro de visión y un seguro de vida
básico sin costo para ti. Los detalles de cada plan y tu costo semanal están en el paquete de
inscripción que tu reclutador te envía con tu primera oferta.

## ¿Qué pasa con mi seguro entre asignaciones?

Tu cobertura continúa hasta 30 días entre asignaciones cuando tu siguiente asignación con
nosotros empieza dentro de esos 30 días. Si tu descanso es más largo, puedes mantener tu
cobertura con COBRA.

## ¿Ofrecen un plan 401(k)?

Sí. Puedes entrar a nuestro 401(k) después de 60 días de trabajo, y aportamos el 50% de lo que
tú aportes, hasta el 4% de tu pago.

## ¿Tengo vacaciones pagadas o días de enfermedad?

Los contratos de viaje no incluyen vacaciones pagadas. Acumulas días de enfermedad pagados
donde la ley del estado o de la ciudad lo exige; cuántos depende del estado de tu asignación.
Si necesitas días libres durante un contrato, pídelos antes de que te presentemos al centro
de trabajo.
""",
)

REFERRAL_BONUS = DemoArticle(
    key="referral-bonus",
    language="es",
    topic="referral_bonus",
    title="Programa de bonos por referidos",
    slug="programa-de-bonos-por-referidos",
    seo_title="Bono por referidos: recomienda y gana $500 | Excel Medical Staffing",
    seo_description=(
        "Gana $500 o más por cada enfermera o profesional de salud que recomiendes y que "
        "trabaje 8 semanas con nosotros. A quién recomendar y cuándo se paga."
    ),
    seo_keywords="bono por referidos, recomendar a una enfermera, referir a un amigo",
    excerpt="$500 o más por cada profesional que recomiendes y trabaje 8 semanas con nosotros.",
    markdown="""\
Muchas de nuestras enfermeras llegaron por una amiga. Nuestro programa de referidos te
agradece cada colega que nos recomiendas.

## ¿Cuánto es el bono por referidos?

El bono normal es de **$500** por cada profesional que recomiendes. Para especialidades con
mucha demanda el bono puede llegar a $2,000; la cantidad para tu amiga se fija cuando
empieza a trabajar y la ves en tus referidos en el chat.

## ¿Cuándo gano el bono?

Lo ganas cuando la persona que recomendaste ha trabajado 8 semanas en su primera asignación
con nosotros. Lo pagamos dentro de los 30 días siguientes: por depósito directo si trabajas
con nosotros, o con un cheque si no.

## ¿A quién puedo recomendar?

Enfermeras (RN, LPN/LVN), CNAs y profesionales de salud aliados que sean nuevos para
nosotros: no deben haber aplicado ni trabajado con nosotros en los últimos 12 meses. No te
puedes recomendar a ti misma. No necesitas trabajar con nosotros para recomendar a alguien.

## ¿Hay un límite de referidos?

No. No hay límite de personas que puedes recomendar ni de bonos que puedes ganar.

## ¿Cómo recomiendo a alguien?

Pide a nuestro asistente del chat recomendar a una amiga y escribe su correo electrónico: le
enviamos una invitación con tu enlace de referido. Cuando tu amiga aplica con ese enlace, el
referido es tuyo.
""",
)

LICENSURE = DemoArticle(
    key="nurse-licensure-compact",
    language="es",
    topic="licensure",
    title="Licencias de enfermería y el Nurse Licensure Compact",
    slug="licencia-compacta-de-enfermeria",
    seo_title="Estados del Nurse Licensure Compact | Excel Medical Staffing",
    seo_description=(
        "Qué es una licencia multiestatal (compacta), qué estados forman parte del Nurse "
        "Licensure Compact y cómo sacar la licencia de un estado que no."
    ),
    seo_keywords="licencia compacta, Nurse Licensure Compact, licencia multiestatal, NLC",
    excerpt="Qué estados aceptan una licencia compacta y cómo trabajar en uno que no.",
    markdown="""\
Para trabajar como enfermera en un estado necesitas una licencia que ese estado acepte. Una
licencia compacta lo hace mucho más fácil.

## ¿Qué es una licencia compacta?

Una licencia multiestatal del Nurse Licensure Compact (NLC) permite a una enfermera
registrada (RN) o enfermera práctica (LPN/LVN) trabajar en todos los estados del compacto con
una sola licencia. Solo puedes tenerla si tu estado de residencia principal, donde vives
legalmente, es un estado del compacto.

## ¿Qué estados forman parte del compacto?

Estos estados y territorios aceptan una licencia multiestatal: Alabama, Arizona, Arkansas,
Colorado, Delaware, Florida, Georgia, Idaho, Indiana, Iowa, Kansas, Kentucky, Luisiana,
Maine, Maryland, Misisipi, Misuri, Montana, Nebraska, Nuevo Hampshire, Nueva Jersey, Nuevo
México, Carolina del Norte, Dakota del Norte, Ohio, Oklahoma, Pensilvania, Carolina del Sur,
Dakota del Sur, Tennessee, Texas, Utah, Vermont, Virginia, Washington, Virginia Occidental,
Wisconsin y Wyoming, además de Guam y las Islas Vírgenes de EE. UU. Connecticut,
Massachusetts y Rhode Island se unieron pero todavía no aceptan licencias multiestatales.

## ¿Qué estados no aceptan la licencia compacta?

Alaska, California, Hawái, Illinois, Míchigan, Minnesota, Nevada, Nueva York, Oregón y el
Distrito de Columbia. Para trabajar allí necesitas la licencia propia de ese estado.

## ¿Cómo saco la licencia de un estado que no está en el compacto?

Pides al consejo de enfermería de ese estado una licencia por endoso. El trámite tarda desde
unos días hasta varias semanas según el estado, así que empieza temprano; algunos estados dan
una licencia temporal mientras revisan tu solicitud. Nosotros te reembolsamos el costo de la
licencia cuando empiezas la asignación.

## ¿Hay licencia compacta para CNAs?

No. El compacto cubre solo licencias de RN y LPN/LVN. Las certificaciones de CNA se dan
estado por estado; tu reclutador revisa lo que pide el estado de tu trabajo.
""",
)

CREDENTIALING = DemoArticle(
    key="credentialing",
    language="es",
    topic="credentialing",
    title="Credenciales: de la oferta al primer día",
    slug="credenciales",
    seo_title="Cuánto tardan las credenciales para empezar | Excel Medical Staffing",
    seo_description=(
        "El proceso de credenciales suele tardar de 2 a 3 semanas: documentos, vacunas, prueba "
        "de drogas y verificación de antecedentes, y cómo hacerlo más rápido."
    ),
    seo_keywords="credenciales, documentos, prueba de drogas, verificación de antecedentes",
    excerpt="Qué necesitas para las credenciales, cuánto tarda y cómo hacerlo más rápido.",
    markdown="""\
Las credenciales (también llamadas onboarding o compliance) son todo lo que el centro de
trabajo necesita antes de tu primer turno. Nuestro equipo te guía en cada paso.

## ¿Cuánto tardan las credenciales?

Normalmente de 2 a 3 semanas desde que aceptas una oferta hasta que te autorizan a empezar.
Puede ser más rápido si tus documentos están listos, y más lento si una licencia estatal
todavía está en trámite.

## ¿Qué documentos necesito?

Una licencia o certificación válida para el estado del trabajo, tus certificaciones (BLS, y
ACLS, PALS o NRP si la unidad las pide), tus registros de vacunas (MMR, varicela, hepatitis
B, Tdap y la vacuna de la gripe de la temporada), una prueba de TB reciente, tus listas de
habilidades y 2 referencias profesionales de los últimos 12 meses.

## ¿Necesito prueba de drogas, examen físico y verificación de antecedentes?

Sí. Toda asignación pide una prueba de drogas y una verificación de antecedentes, y la
mayoría pide un examen físico reciente. Los programamos cerca de ti y nosotros los pagamos.

## ¿Cómo puedo hacer las credenciales más rápido?

Sube tus documentos en cuanto aceptes una oferta, contesta a nuestro equipo el mismo día y no
dejes que tus certificaciones venzan durante el contrato.
""",
)

AFTER_APPLYING = DemoArticle(
    key="after-applying",
    language="es",
    topic="after_applying",
    title="Qué pasa después de aplicar",
    slug="que-pasa-despues-de-aplicar",
    seo_title="Qué pasa después de aplicar a un trabajo | Excel Medical Staffing",
    seo_description=(
        "Después de aplicar: un reclutador te contacta en 1 día hábil, te presenta al centro "
        "con tu permiso, organiza la entrevista y te explica la oferta."
    ),
    seo_keywords="después de aplicar, proceso de solicitud, entrevista, oferta, reclutador",
    excerpt="De tu solicitud a tu oferta, paso a paso.",
    markdown="""\
Aplicar toma un minuto. Esto es lo que pasa después y cuánto suele tardar cada paso.

## ¿Cuándo me contactará un reclutador?

En 1 día hábil, y normalmente el mismo día. Tu reclutador te llama o te escribe para hablar
del trabajo, tu experiencia y lo que buscas en tu próxima asignación.

## ¿Enviarán mi perfil al centro de trabajo sin preguntarme?

No. Te presentamos a un centro de trabajo solo con tu permiso, para un trabajo que aceptaste.
Antes, tu reclutador revisa tu perfil contigo y te pregunta si necesitas días libres.

## ¿Cómo es la entrevista?

La mayoría de los centros hacen la entrevista por teléfono o video con el gerente de la
unidad, en 10 a 20 minutos. Suele ser dentro de 1 a 5 días después de presentarte.

## ¿Cuándo recibiré una oferta?

Muchas veces dentro de 24 a 48 horas después de la entrevista. Tu reclutador revisa la oferta
contigo: el paquete de pago, el turno, las fechas y las horas garantizadas.

## ¿Cómo reviso el estado de mi solicitud?

Pide tus solicitudes a nuestro asistente del chat cuando hayas iniciado sesión, o abre la
pestaña de tus solicitudes en el chat. Tu reclutador también te mantiene al tanto.
""",
)

GETTING_PAID = DemoArticle(
    key="getting-paid",
    language="es",
    topic="getting_paid",
    title="Cómo te pagamos: días de pago y hojas de horas",
    slug="como-te-pagamos",
    seo_title="Pago semanal por depósito directo | Excel Medical Staffing",
    seo_description=(
        "Pagamos cada semana por depósito directo los viernes. Cuándo enviar tu hoja de horas, "
        "cuándo llega tu primer pago y dónde ver tus talones de pago."
    ),
    seo_keywords="pago semanal, depósito directo, hoja de horas, primer pago, talón de pago",
    excerpt="Depósito directo cada semana, hojas de horas, tu primer pago y tus talones.",
    markdown="""\
Pagamos cada semana, por las horas que trabajaste la semana anterior.

## ¿Cada cuánto pagan?

Cada semana. El pago llega por depósito directo el viernes, por la semana de trabajo que
terminó el sábado anterior (nuestra semana de trabajo va de domingo a sábado).

## ¿Cuándo recibo mi primer pago?

El viernes después de tu primera semana completa de trabajo. El reembolso de viaje y los
viáticos de tu primera semana se pagan con él.

## ¿Cómo envío mi hoja de horas?

Envía tus horas en nuestra aplicación de hojas de horas antes del lunes al mediodía, y
asegúrate de que el gerente de tu unidad las aprobó. Una hoja tarde o sin aprobar puede
retrasar tu pago una semana.

## ¿Dónde veo mis talones de pago?

En tu portal de empleado, donde cada talón muestra tus horas, tarifas, viáticos e impuestos.
Tu formulario W-2 del año también está allí.
""",
)

REQUIREMENTS = DemoArticle(
    key="requirements",
    language="es",
    topic="requirements",
    title="Quién puede trabajar con nosotros: experiencia y requisitos",
    slug="requisitos-de-experiencia",
    seo_title="Experiencia necesaria para trabajos de viaje | Excel Medical Staffing",
    seo_description=(
        "Lo que necesitas para un trabajo de viaje: experiencia reciente en tu especialidad, "
        "licencia activa y BLS. Lo que ofrecemos a CNAs, LPNs y recién graduadas."
    ),
    seo_keywords="requisitos, experiencia, recién graduada, trabajos de CNA, trabajos de LPN",
    excerpt="La experiencia, licencias y certificaciones que necesitas, por profesión.",
    markdown="""\
Colocamos enfermeras registradas, LPNs y LVNs, CNAs y profesionales de salud aliados en
trabajos de viaje, locales, per diem y permanentes.

## ¿Cuánta experiencia necesito para viajar?

Por lo menos 1 año de experiencia reciente en tu especialidad, en los últimos 3 años, para la
mayoría de los trabajos de viaje. Algunas unidades (UCI, parto, quirófano, emergencias) piden
2 años.

## ¿Qué certificaciones necesito?

Todo trabajo clínico pide una certificación BLS vigente de la American Heart Association.
Muchas unidades también piden ACLS (UCI, emergencias, telemetría), PALS (pediatría y
emergencias) o NRP (parto, NICU). Cada trabajo muestra las certificaciones que pide.

## ¿Pueden trabajar con ustedes las recién graduadas?

Los trabajos de viaje piden experiencia, así que las recién graduadas empiezan con nuestros
trabajos locales y permanentes. Después de un año de experiencia se abren los trabajos de
viaje.

## ¿Tienen trabajos para CNAs y LPNs?

Sí. Colocamos CNAs y LPNs/LVNs en trabajos locales, per diem y de viaje, sobre todo en casas
de reposo, centros de rehabilitación y hospitales. Necesitas una certificación de CNA o una
licencia de LPN/LVN vigente en el estado del trabajo, BLS y normalmente 1 año de experiencia.
""",
)

SPANISH: tuple[DemoArticle, ...] = (
    PAY_PACKAGES,
    HOUSING,
    BENEFITS,
    REFERRAL_BONUS,
    LICENSURE,
    CREDENTIALING,
    AFTER_APPLYING,
    GETTING_PAID,
    REQUIREMENTS,
)
