/**
 * Imports of third-party packages that the nearest manifest does not declare:
 * package.json (any dependency section, workspaces and the workspace root included),
 * requirements*.txt / pyproject.toml / setup.cfg / setup.py / Pipfile / environment.yml,
 * go.mod, the Gemfile (and its gemspec), composer.json. Such a package is installed only by
 * accident (globally, by hand, as some other package's dependency), so a clean build of the
 * release breaks or, worse, picks up whatever version happens to be around.
 *
 * Runs only where a manifest of the file's ecosystem exists (a project with no manifest at
 * all is another problem) and is complete (a `setup.py` that computes its requirements or a
 * Gemfile that evaluates another file is not guessed at).
 *
 * Never reported: built-in and standard-library modules (Node built-ins, Python 3.8-3.13
 * stdlib, Ruby stdlib and default gems, Go packages without a dot), relative and aliased
 * imports (`./x`, `@/x`, `~/x`, `#x`, tsconfig `paths` and `baseUrl`, bundler aliases),
 * workspace packages, the package's own name, local modules and packages next to the file
 * or at the package root, type-only imports, Python imports guarded by `try/except
 * ImportError` or `if TYPE_CHECKING`, and packages that a declared framework is known to
 * bring with it (`werkzeug` with Flask, `kombu` with Celery, `active_support` with Rails).
 * Python import names are mapped to their distributions (`yaml` -> PyYAML, `cv2` ->
 * opencv-python, `PIL` -> Pillow...). PHP is checked for well-known vendor namespaces and
 * for extension classes (`new Redis()` needs `"ext-redis"` in composer.json); Java is not
 * checked (its imports do not name artifacts).
 *
 * Also reported: a package that is only a devDependency imported at the top of server code
 * that Node runs unbundled (a server framework in `dependencies`, no bundler or front-end
 * framework anywhere), which production installs leave out.
 */
import * as path from 'path';
import type { Node } from '@vscode/tree-sitter-wasm';
import { defineRule, precheck } from '../../engine/rule';
import type { ProjectView } from '../../engine/project';
import type { LanguageId } from '../../parsing/languages';
import { findImports, literalTextValues, stringValue, type ImportInfo } from '../../analysis/syntax';
import { fileExists, foldersUp, manifestsFor, normalisePython, type Ecosystem, type Manifest } from '../../analysis/manifests';
import { NODE_BUILTINS, PYTHON_STDLIB, RUBY_NET_STDLIB, RUBY_STDLIB } from '../../analysis/builtin-modules';
import { isMigrationScriptName, isScriptOrTooling } from '../../analysis/code-role';

const ECOSYSTEM: Partial<Record<LanguageId, Ecosystem>> = {
  javascript: 'npm', typescript: 'npm', python: 'python', go: 'go', ruby: 'ruby', php: 'php',
};

const MANIFEST_LABEL: Record<Ecosystem, string> = {
  npm: 'package.json', python: 'the Python requirements', go: 'go.mod', ruby: 'the Gemfile', php: 'composer.json', java: 'the build file',
};

// ---------------------------------------------------------------------------------------
// Python: import names -> distributions, and what frameworks bring along
// ---------------------------------------------------------------------------------------

const PY_DISTRIBUTIONS: Record<string, string[]> = {
  yaml: ['pyyaml'], cv2: ['opencv-python', 'opencv-python-headless', 'opencv-contrib-python', 'opencv-contrib-python-headless', 'opencv', 'py-opencv'],
  PIL: ['pillow', 'pil'], sklearn: ['scikit-learn'], skimage: ['scikit-image'], bs4: ['beautifulsoup4', 'bs4'], dateutil: ['python-dateutil'],
  dotenv: ['python-dotenv'], jwt: ['pyjwt'], psycopg2: ['psycopg2', 'psycopg2-binary'], psycopg: ['psycopg', 'psycopg-binary'], attr: ['attrs'],
  OpenSSL: ['pyopenssl'], Crypto: ['pycryptodome', 'pycrypto'], Cryptodome: ['pycryptodomex'], magic: ['python-magic'], docx: ['python-docx'],
  pptx: ['python-pptx'], telegram: ['python-telegram-bot'], slugify: ['python-slugify', 'awesome-slugify'], multipart: ['python-multipart'],
  jose: ['python-jose'], serial: ['pyserial'], usb: ['pyusb'], gi: ['pygobject'], win32api: ['pywin32'], win32con: ['pywin32'], zmq: ['pyzmq'],
  MySQLdb: ['mysqlclient'], mysql: ['mysql-connector-python', 'mysql-connector'], git: ['gitpython'], github: ['pygithub'], discord: ['discord.py', 'py-cord', 'nextcord'],
  socketio: ['python-socketio', 'flask-socketio'], engineio: ['python-engineio'], memcache: ['python-memcached'], ldap: ['python-ldap'], dns: ['dnspython'],
  kafka: ['kafka-python', 'kafka-python-ng'], faiss: ['faiss-cpu', 'faiss-gpu'], grpc: ['grpcio'], Levenshtein: ['python-levenshtein', 'levenshtein'],
  fitz: ['pymupdf'], ruamel: ['ruamel.yaml'], pkg_resources: ['setuptools'], setuptools: ['setuptools'], rest_framework: ['djangorestframework'],
  corsheaders: ['django-cors-headers'], debug_toolbar: ['django-debug-toolbar'], django_filters: ['django-filter'], crispy_forms: ['django-crispy-forms'],
  allauth: ['django-allauth'], storages: ['django-storages'], environ: ['django-environ'], decouple: ['python-decouple'], rest_framework_simplejwt: ['djangorestframework-simplejwt'],
  drf_yasg: ['drf-yasg'], drf_spectacular: ['drf-spectacular'], taggit: ['django-taggit'], mptt: ['django-mptt'], import_export: ['django-import-export'],
  google: ['protobuf', 'googleapis-common-protos'], pydantic_settings: ['pydantic-settings'], jinja2: ['jinja2'], markupsafe: ['markupsafe'],
  typing_extensions: ['typing-extensions'], dns_resolver: ['dnspython'], websocket: ['websocket-client'], nacl: ['pynacl'], speech_recognition: ['speechrecognition'],
  pymongo: ['pymongo', 'motor', 'mongoengine'], bson: ['pymongo', 'motor', 'mongoengine'], gridfs: ['pymongo'], sentry_sdk: ['sentry-sdk'], newrelic: ['newrelic'],
  lxml: ['lxml'], tiktoken: ['tiktoken'], torch: ['torch', 'pytorch'], torchvision: ['torchvision'], tensorflow: ['tensorflow', 'tensorflow-cpu', 'tensorflow-gpu', 'tensorflow-macos'],
  keras: ['keras', 'tensorflow'], xgboost: ['xgboost'], google_auth_oauthlib: ['google-auth-oauthlib'], googleapiclient: ['google-api-python-client'],
  apiclient: ['google-api-python-client'], oauth2client: ['oauth2client'], firebase_admin: ['firebase-admin'], azure: ['azure'], boto: ['boto'], botocore: ['botocore', 'boto3'],
  flask_cors: ['flask-cors'], flask_sqlalchemy: ['flask-sqlalchemy'], jwt_extended: ['flask-jwt-extended'], dash_bootstrap_components: ['dash-bootstrap-components'],
  umap: ['umap-learn'], Bio: ['biopython'], igraph: ['python-igraph', 'igraph'], snowflake: ['snowflake-connector-python', 'snowflake-snowpark-python'],
  pyarrow: ['pyarrow'], gevent: ['gevent'], uvloop: ['uvloop'], win32com: ['pywin32'], pythoncom: ['pywin32'], pywintypes: ['pywin32'],
  jwcrypto: ['jwcrypto'], docopt: ['docopt', 'docopt-ng'], dotmap: ['dotmap'], pytz: ['pytz'], tz: ['pytz'],
  telebot: ['pytelegrambotapi'], cairo: ['pycairo'], wx: ['wxpython'], slack: ['slackclient'], mpl_toolkits: ['matplotlib', 'basemap'], pylab: ['matplotlib'],
  Xlib: ['python-xlib'], bluetooth: ['pybluez'], RPi: ['rpi.gpio', 'rpi-gpio'], cpuinfo: ['py-cpuinfo'], objc: ['pyobjc'], AppKit: ['pyobjc'], Foundation: ['pyobjc'],
  pythonjsonlogger: ['python-json-logger'], whisper: ['openai-whisper'], vertexai: ['google-cloud-aiplatform'], llama_cpp: ['llama-cpp-python'],
  paho: ['paho-mqtt'], ffmpeg: ['ffmpeg-python'], sklearn_crfsuite: ['sklearn-crfsuite'], pdfminer: ['pdfminer.six', 'pdfminer'], docx2pdf: ['docx2pdf'],
  jieba: ['jieba'], PyPDF2: ['pypdf2'], pypdf: ['pypdf'], fpdf: ['fpdf', 'fpdf2'], reportlab: ['reportlab'], qrcode: ['qrcode'],
  kafka_python: ['kafka-python'], confluent_kafka: ['confluent-kafka'], pika: ['pika'], nats: ['nats-py'], elasticsearch: ['elasticsearch'], opensearchpy: ['opensearch-py'],
  weaviate: ['weaviate-client'], pinecone: ['pinecone-client', 'pinecone'], chromadb: ['chromadb'], qdrant_client: ['qdrant-client'], ollama: ['ollama'],
  gradio: ['gradio'], streamlit_option_menu: ['streamlit-option-menu'], st_aggrid: ['streamlit-aggrid'], html5lib: ['html5lib'], win10toast: ['win10toast'],
};

/** Present in any Python environment that installs packages, or brought by nearly every dependency tree. */
const PY_ALWAYS = new Set(['setuptools', 'pkg_resources', 'pip', 'wheel', '_distutils_hack', 'distutils', 'typing_extensions', 'packaging']);

/** What a declared distribution brings with it (its hard dependencies people import directly). */
const PY_BRINGS: Record<string, string[]> = {
  flask: ['werkzeug', 'jinja2', 'click', 'itsdangerous', 'markupsafe', 'blinker'],
  quart: ['werkzeug', 'jinja2', 'click', 'hypercorn', 'markupsafe', 'aiofiles', 'blinker'],
  django: ['asgiref', 'sqlparse', 'pytz'],
  djangorestframework: ['django'],
  fastapi: ['starlette', 'pydantic', 'pydantic_core', 'typing_extensions', 'anyio'],
  starlette: ['anyio'],
  pydantic: ['pydantic_core', 'typing_extensions', 'annotated_types'],
  celery: ['kombu', 'billiard', 'vine', 'click', 'dateutil', 'tzdata'],
  requests: ['urllib3', 'idna', 'certifi', 'charset_normalizer', 'chardet'],
  httpx: ['httpcore', 'anyio', 'sniffio', 'certifi', 'idna', 'h11'],
  aiohttp: ['yarl', 'multidict', 'aiosignal', 'frozenlist', 'attr', 'async_timeout'],
  boto3: ['botocore', 's3transfer', 'jmespath', 'dateutil', 'urllib3'],
  pandas: ['numpy', 'dateutil', 'pytz', 'tzdata'],
  matplotlib: ['numpy', 'PIL', 'dateutil', 'pyparsing', 'cycler', 'kiwisolver', 'mpl_toolkits', 'pylab', 'contourpy', 'fontTools'],
  seaborn: ['numpy', 'pandas', 'matplotlib'],
  'scikit-learn': ['numpy', 'scipy', 'joblib', 'threadpoolctl'],
  'scikit-image': ['numpy', 'scipy', 'PIL', 'imageio', 'networkx'],
  scipy: ['numpy'], 'opencv-python': ['numpy'], 'opencv-python-headless': ['numpy'], torch: ['numpy', 'typing_extensions', 'sympy', 'networkx', 'jinja2', 'filelock'],
  torchvision: ['torch', 'numpy', 'PIL'], transformers: ['numpy', 'tokenizers', 'huggingface_hub', 'yaml', 'requests', 'tqdm', 'safetensors', 'regex', 'filelock', 'packaging'],
  sqlalchemy: ['greenlet', 'typing_extensions'], 'flask-sqlalchemy': ['sqlalchemy', 'flask'], 'flask-migrate': ['alembic', 'flask', 'flask_sqlalchemy'],
  alembic: ['sqlalchemy', 'mako'], uvicorn: ['click', 'h11'], gunicorn: ['packaging'], openai: ['httpx', 'pydantic', 'anyio', 'distro', 'tqdm', 'typing_extensions'],
  anthropic: ['httpx', 'pydantic', 'anyio'], langchain: ['langchain_core', 'langchain_text_splitters', 'langsmith', 'pydantic', 'yaml', 'requests', 'sqlalchemy', 'numpy', 'tenacity'],
  'langchain-core': ['pydantic', 'yaml', 'langsmith', 'tenacity', 'jsonpatch'], 'langchain-community': ['langchain_core', 'langchain', 'numpy', 'requests', 'sqlalchemy', 'aiohttp'],
  'google-cloud-storage': ['google'], 'google-cloud-firestore': ['google'], 'google-api-python-client': ['google', 'googleapiclient', 'httplib2', 'uritemplate'],
  'google-generativeai': ['google'], 'firebase-admin': ['google', 'cachecontrol'], streamlit: ['pandas', 'numpy', 'altair', 'PIL', 'requests', 'protobuf', 'pyarrow', 'click', 'tornado', 'toml', 'packaging', 'rich', 'tenacity', 'typing_extensions', 'blinker', 'cachetools', 'git'],
  dash: ['flask', 'plotly', 'werkzeug'], 'python-jose': ['ecdsa', 'rsa'], jupyter: ['IPython', 'ipykernel', 'notebook'], ipython: ['IPython'],
  'python-telegram-bot': ['httpx'], 'discord.py': ['aiohttp'], tweepy: ['requests', 'oauthlib', 'requests_oauthlib'], selenium: ['urllib3', 'trio', 'certifi'],
  'apache-airflow': ['airflow', 'pendulum', 'sqlalchemy', 'jinja2', 'flask'], scrapy: ['twisted', 'lxml', 'parsel', 'w3lib', 'itemadapter'],
  'djangorestframework-simplejwt': ['jwt'], 'flask-jwt-extended': ['jwt'], 'flask-login': ['flask'], 'flask-wtf': ['wtforms', 'flask'],
  channels: ['asgiref', 'daphne'], 'channels-redis': ['redis', 'msgpack'], 'django-redis': ['redis'], 'rq': ['redis', 'click'], 'dramatiq': ['prometheus_client'],
  moviepy: ['imageio', 'imageio_ffmpeg', 'numpy', 'PIL', 'decorator', 'proglog', 'tqdm'], pdfplumber: ['pdfminer', 'PIL'], 'pdfminer.six': ['pdfminer'], 'pymupdf': ['fitz'],
  'python-socketio': ['engineio'], 'flask-socketio': ['socketio', 'engineio', 'flask'], 'sentry-sdk': ['urllib3', 'certifi'], tqdm: [], rich: ['pygments', 'markdown_it'],
  typer: ['click', 'rich', 'typing_extensions'], black: ['click'], pytest: ['_pytest', 'pluggy', 'iniconfig', 'packaging'], 'pytest-django': ['pytest'],
  'motor': ['pymongo', 'bson'], 'mongoengine': ['pymongo', 'bson'], 'beanie': ['motor', 'pymongo', 'pydantic', 'bson'], 'sqlmodel': ['sqlalchemy', 'pydantic'],
  'psycopg2-binary': ['psycopg2'], 'psycopg-binary': ['psycopg'], 'psycopg': ['psycopg'], 'pillow': ['PIL'], 'plotly': ['tenacity', 'packaging'],
  'huggingface-hub': ['huggingface_hub', 'requests', 'tqdm', 'yaml', 'filelock', 'fsspec'], 'sentence-transformers': ['transformers', 'torch', 'numpy', 'sklearn', 'scipy', 'huggingface_hub', 'PIL', 'tqdm'],
};

/** Namespace packages: any declared distribution with this prefix provides the import. */
const PY_NAMESPACE_PREFIX: Record<string, string[]> = {
  google: ['google-', 'googleapis-', 'protobuf', 'grpcio', 'firebase-admin'], azure: ['azure-', 'msrest'], zope: ['zope-', 'zope.'], jaraco: ['jaraco-', 'jaraco.'],
  backports: ['backports-', 'backports.'], sphinxcontrib: ['sphinxcontrib-'], opentelemetry: ['opentelemetry-'], oslo: ['oslo-', 'oslo.'], ruamel: ['ruamel-', 'ruamel.'],
  langchain_community: ['langchain-community', 'langchain'], langchain_core: ['langchain-core', 'langchain'], llama_index: ['llama-index'], aws_cdk: ['aws-cdk'],
  airflow: ['apache-airflow'], prefect: ['prefect'], dagster: ['dagster'],
};

function pyCandidates(top: string): string[] {
  const own = normalisePython(top);
  return [own, ...(PY_DISTRIBUTIONS[top] ?? []).map(normalisePython), own.replace(/^py-?/, ''), `py${own}`, `python-${own}`, `${own}-python`, `${own}-binary`];
}

function pythonDeclared(top: string, deps: Set<string>): boolean {
  for (const c of pyCandidates(top)) if (deps.has(c)) return true;
  const prefixes = PY_NAMESPACE_PREFIX[top];
  const norm = normalisePython(top);
  for (const d of deps) {
    if (prefixes && prefixes.some((p) => d.startsWith(normalisePython(p)) || d === normalisePython(p.replace(/[-.]$/, '')))) return true;
    // `flask_cors` with `flask-cors[...]`, `django_celery_beat` with `django-celery-beat`.
    if (d === norm) return true;
    const brings = PY_BRINGS[d];
    if (brings && brings.includes(top)) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------
// Ruby: require paths -> gems
// ---------------------------------------------------------------------------------------

const RAILS_FAMILY = /^(rails|active_record|active_support|active_model|action_controller|action_view|action_mailer|action_cable|action_dispatch|action_pack|active_job|active_storage|action_text|action_mailbox|railties|sprockets|rack|i18n|tzinfo|concurrent|thor|zeitwerk|erubi|builder|nokogiri|loofah|mail|globalid|marcel|mini_mime|websocket|rails-html-sanitizer|minitest|bundler|ostruct|irb|rake)$/;
const RUBY_BRINGS: Record<string, RegExp> = {
  rails: RAILS_FAMILY, railties: RAILS_FAMILY, activerecord: /^(active_record|active_support|active_model|activerecord|i18n|tzinfo|concurrent)$/, activesupport: /^(active_support|i18n|tzinfo|concurrent)$/,
  sinatra: /^(rack|tilt|mustermann|rack\/protection|rack-protection)$/, 'sinatra-contrib': /^(sinatra|rack|tilt|mustermann|multi_json)$/, sidekiq: /^(redis|redis_client|redis-client|connection_pool|rack)$/,
  puma: /^(nio4r)$/, faraday: /^(faraday|faraday-net_http)$/, 'aws-sdk': /^aws-sdk|^aws-/, 'aws-sdk-s3': /^(aws-sdk-core|aws-sdk-kms|seahorse|aws-sigv4)$/, 'aws-sdk-core': /^(seahorse|aws-sigv4|jmespath)$/,
  grape: /^(rack|mustermann|dry)/, hanami: /^(hanami|dry|rack)/, 'rspec-rails': /^(rspec|rails)/, rspec: /^rspec/, capybara: /^(capybara|nokogiri|rack|addressable|xpath)$/,
  'google-cloud-storage': /^google/, devise: /^(warden|bcrypt|orm_adapter|responders)$/, omniauth: /^(rack|hashie)$/, httparty: /^(multi_xml|csv|mini_mime)$/, 'rest-client': /^(rest-client|rest_client|http-cookie|mime-types)$/,
  pg: /^pg$/, sequel: /^sequel$/, dotenv: /^dotenv$/, 'dotenv-rails': /^dotenv$/, 'redis-rails': /^redis/, resque: /^(redis|redis-namespace|mono_logger|sinatra)$/, 'activerecord-import': /^active_record/,
};

/** Gems of their own under another gem's folder name (`require "rack/attack"` is rack-attack, not rack). */
const RUBY_SEPARATE_GEMS = new Set(['rack-attack', 'rack-cors', 'rack-test', 'rack-session', 'rack-timeout', 'rack-ssl', 'rack-rewrite', 'rack-proxy',
  'rack-contrib', 'rack-mini-profiler', 'sinatra-contrib', 'sinatra-activerecord', 'sinatra-flash', 'sidekiq-cron', 'sidekiq-scheduler', 'sidekiq-unique-jobs',
  'faraday-retry', 'faraday-multipart', 'faraday-net_http_persistent', 'omniauth-oauth2', 'rspec-rails', 'active_model_serializers', 'activerecord-import',
  'net-ssh', 'net-sftp', 'net-scp', 'google-cloud-storage', 'aws-sdk-s3']);

function rubyDeclared(req: string, deps: Set<string>): boolean {
  const first = req.split('/')[0];
  const parts = req.split('/');
  // `rack/attack`, `sinatra/activerecord`: a separate gem must be declared itself (a parent brought in by another gem does not count).
  const own = parts.length >= 2 ? `${parts[0]}-${parts[1]}` : undefined;
  if (own && RUBY_SEPARATE_GEMS.has(own) && !(own === 'sinatra-contrib' || /^sinatra\/(json|reloader|namespace|cookies|config_file|contrib|streaming|respond_with|multi_route|link_header|content_for|custom_logger|required_params|capture|extension|webdav)$/.test(req))) {
    return deps.has(own) || deps.has(own.replace(/-/g, '_'));
  }
  const candidates = new Set([req, req.replace(/\//g, '-'), first, first.replace(/_/g, '-'), req.replace(/_/g, '-')]);
  // `google/cloud/storage` -> google-cloud-storage; `aws-sdk-s3`, `omniauth/strategies/x` -> omniauth-x.
  for (let i = parts.length; i >= 1; i--) candidates.add(parts.slice(0, i).join('-'));
  if (/^sinatra\//.test(req)) candidates.add('sinatra-contrib');
  if (/^rack\/test/.test(req)) candidates.add('rack-test');
  if (req === 'rest_client') candidates.add('rest-client');
  for (const c of candidates) if (deps.has(c)) return true;
  for (const d of deps) {
    const brings = RUBY_BRINGS[d];
    if (brings && (brings.test(first) || brings.test(req))) return true;
    if (d.startsWith(`${first}-`) || d.startsWith(`${first}_`)) return true; // `omniauth-google-oauth2` with `require "omniauth"`
  }
  return false;
}

// ---------------------------------------------------------------------------------------
// PHP: well-known vendor namespaces -> Composer packages
// ---------------------------------------------------------------------------------------

const PHP_NAMESPACES: [RegExp, RegExp][] = [
  [/^Illuminate\\/, /^(laravel\/(framework|lumen-framework)|illuminate\/)/],
  [/^Symfony\\/, /^(symfony\/|laravel\/framework|api-platform\/)/],
  [/^GuzzleHttp\\/, /^(guzzlehttp\/|laravel\/framework|aws\/aws-sdk-php|google\/|stripe\/|twilio\/)/],
  [/^Monolog\\/, /^(monolog\/|laravel\/framework|symfony\/monolog)/],
  [/^Carbon\\/, /^(nesbot\/carbon|laravel\/framework|illuminate\/support)/],
  [/^Doctrine\\/, /^(doctrine\/|symfony\/orm-pack|laravel\/framework|api-platform\/)/],
  [/^Predis\\/, /^predis\//],
  [/^Aws\\/, /^aws\//],
  [/^Stripe\\/, /^(stripe\/|laravel\/cashier)/],
  [/^League\\Flysystem\\/, /^(league\/flysystem|laravel\/framework)/],
  [/^Firebase\\JWT\\/, /^(firebase\/php-jwt|laravel\/passport|google\/)/],
  [/^Dotenv\\/, /^(vlucas\/phpdotenv|laravel\/framework)/],
  [/^Ramsey\\Uuid\\/, /^(ramsey\/uuid|laravel\/framework)/],
  [/^Slim\\/, /^slim\//],
  [/^Twig\\/, /^(twig\/|symfony\/twig|slim\/twig)/],
  [/^PhpAmqpLib\\/, /^php-amqplib\//],
  [/^Intervention\\Image\\/, /^intervention\//],
  [/^PHPMailer\\PHPMailer\\/, /^phpmailer\//],
  [/^Google\\Cloud\\/, /^google\//],
  [/^Sentry\\/, /^sentry\//],
  [/^Pusher\\/, /^pusher\//],
  [/^Twilio\\/, /^twilio\//],
  [/^Dompdf\\/, /^(dompdf\/|barryvdh\/laravel-dompdf)/],
  [/^Maatwebsite\\Excel\\/, /^maatwebsite\//],
  [/^PhpOffice\\PhpSpreadsheet\\/, /^(phpoffice\/|maatwebsite\/)/],
  [/^Livewire\\/, /^livewire\//],
  [/^Inertia\\/, /^inertiajs\//],
  [/^MongoDB\\/, /^(mongodb\/|jenssegers\/mongodb)/],
  [/^Elastic(search)?\\/, /^(elasticsearch\/|elastic\/)/],
  [/^Kreait\\Firebase\\/, /^kreait\//],
  [/^OpenAI\\/, /^openai-php\//],
  [/^Laravel\\Sanctum\\/, /^laravel\/sanctum/],
  [/^Laravel\\Socialite\\/, /^laravel\/socialite/],
  [/^Laravel\\Passport\\/, /^laravel\/passport/],
  [/^Laravel\\Cashier\\/, /^laravel\/cashier/],
  [/^Spatie\\/, /^spatie\//],
  [/^Barryvdh\\/, /^barryvdh\//],
  [/^Respect\\Validation\\/, /^respect\//],
  [/^Faker\\/, /^(fakerphp\/|fzaninotto\/)/],
];

/** Classes of PHP extensions that Composer must require (`"ext-redis": "*"`) for a build to install them. */
const PHP_EXTENSION_CLASSES: Record<string, string> = {
  Redis: 'ext-redis', RedisCluster: 'ext-redis', RedisSentinel: 'ext-redis', Imagick: 'ext-imagick', ImagickDraw: 'ext-imagick', ImagickPixel: 'ext-imagick',
  Gmagick: 'ext-gmagick', Memcached: 'ext-memcached', Memcache: 'ext-memcache', AMQPConnection: 'ext-amqp', AMQPChannel: 'ext-amqp', AMQPExchange: 'ext-amqp',
  GearmanClient: 'ext-gearman', GearmanWorker: 'ext-gearman', SoapClient: 'ext-soap', SoapServer: 'ext-soap', ZMQContext: 'ext-zmq', SolrClient: 'ext-solr',
  'MongoDB\\Driver\\Manager': 'ext-mongodb', 'RdKafka\\Producer': 'ext-rdkafka', 'RdKafka\\KafkaConsumer': 'ext-rdkafka', 'Swoole\\Http\\Server': 'ext-swoole',
};

const PHP_EXTENSION_QUERY = `(object_creation_expression [(name) (qualified_name)] @class) @new`;
/** Where a file may create one of them (the query runs only then). */
const PHP_EXTENSION_NEW = /\bnew\s+\\?(Redis|Imagick|Gmagick|Memcache|AMQP|Gearman|Soap|ZMQ|Solr|MongoDB|RdKafka|Swoole)/;

// ---------------------------------------------------------------------------------------
// JavaScript: aliases from tsconfig/jsconfig and bundler configs, workspaces
// ---------------------------------------------------------------------------------------

function parseJsonc(text: string): Record<string, unknown> | undefined {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      out += c;
      if (c === '\\') { out += text[++i] ?? ''; continue; }
      if (c === '"') inString = false;
      continue;
    }
    if (c === '"') { inString = true; out += c; continue; }
    if (c === '/' && text[i + 1] === '/') { while (i < text.length && text[i] !== '\n') i++; out += '\n'; continue; }
    if (c === '/' && text[i + 1] === '*') { i += 2; while (i < text.length && !(text[i] === '*' && text[i + 1] === '/')) i++; i++; continue; }
    out += c;
  }
  try {
    const v = JSON.parse(out.replace(/,(\s*[}\]])/g, '$1').replace(/^\uFEFF/, '')) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? v as Record<string, unknown> : undefined;
  } catch {
    return undefined;
  }
}

interface JsAliases { patterns: string[]; baseUrls: string[] }

const TSCONFIGS = ['tsconfig.json', 'jsconfig.json', 'tsconfig.app.json', 'tsconfig.base.json'];

function jsAliases(project: ProjectView, filePath: string): JsAliases {
  const patterns: string[] = [];
  const baseUrls: string[] = [];
  const readConfig = (file: string, depth: number) => {
    const text = project.readText(file);
    if (text === undefined || depth > 3) return;
    const cfg = parseJsonc(text);
    if (!cfg) return;
    const opts = cfg.compilerOptions as Record<string, unknown> | undefined;
    const dir = path.dirname(file);
    if (opts && typeof opts === 'object') {
      if (typeof opts.baseUrl === 'string') baseUrls.push(path.resolve(dir, opts.baseUrl));
      if (opts.paths && typeof opts.paths === 'object') patterns.push(...Object.keys(opts.paths));
    }
    if (typeof cfg.extends === 'string' && cfg.extends.startsWith('.')) readConfig(path.resolve(dir, cfg.extends.endsWith('.json') ? cfg.extends : `${cfg.extends}.json`), depth + 1);
    const refs = cfg.references;
    if (Array.isArray(refs)) for (const r of refs) if (r && typeof r === 'object' && typeof (r as { path?: unknown }).path === 'string') {
      const p = path.resolve(dir, (r as { path: string }).path);
      readConfig(p.endsWith('.json') ? p : path.join(p, 'tsconfig.json'), depth + 1);
    }
  };
  for (const dir of foldersUp(project, filePath)) for (const name of TSCONFIGS) readConfig(path.join(dir, name), 0);
  return { patterns, baseUrls };
}

const BUNDLER_CONFIGS = [
  'vite.config.ts', 'vite.config.js', 'vite.config.mjs', 'vite.config.mts', 'webpack.config.js', 'webpack.config.ts', 'webpack.config.cjs', 'vue.config.js',
  'nuxt.config.ts', 'nuxt.config.js', 'svelte.config.js', 'astro.config.mjs', 'astro.config.ts', 'next.config.js', 'next.config.mjs', 'next.config.ts',
  'babel.config.js', '.babelrc', '.babelrc.json', 'babel.config.json', 'craco.config.js', 'config-overrides.js', 'jest.config.js', 'rollup.config.js',
  'rollup.config.mjs', 'quasar.config.js', 'remix.config.js', 'vitest.config.ts', 'metro.config.js', 'tsup.config.ts', 'electron.vite.config.ts',
];

function bundlerAlias(project: ProjectView, filePath: string, top: string): boolean {
  const esc = top.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const key = new RegExp(`(['"\`])${esc}(/\\*)?\\1\\s*[:,]|[{,\\s]${esc}\\s*:|find:\\s*(['"\`])${esc}`);
  for (const dir of foldersUp(project, filePath)) {
    for (const name of BUNDLER_CONFIGS) {
      const text = project.readText(path.join(dir, name));
      if (!text) continue;
      for (const m of text.matchAll(/alias(es)?\b|moduleNameMapper|module-resolver|resolve\s*:/g)) {
        const window = text.slice(m.index ?? 0, (m.index ?? 0) + 3000);
        if (key.test(window)) return true;
      }
    }
  }
  return false;
}

/** Rails importmap pins: `pin "stimulus"`, `pin_all_from "app/javascript/controllers", under: "controllers"`. */
function importmapPins(project: ProjectView): Set<string> {
  const text = project.readText(path.join(project.root, 'config', 'importmap.rb'));
  const pins = new Set<string>();
  if (!text) return pins;
  for (const m of text.matchAll(/^\s*pin\s*\(?\s*["']([^"']+)["']/gm)) pins.add(m[1]);
  for (const m of text.matchAll(/^\s*pin_all_from\s.*under:\s*["']([^"']+)["']/gm)) pins.add(m[1]);
  return pins;
}

/** Packages published only as `@types/...` declarations: importing them never loads code. */
const TYPES_ONLY = new Set(['estree', 'express-serve-static-core', 'json-schema', 'geojson', 'mdast', 'hast', 'unist', 'serve-static', 'qs', 'range-parser',
  'connect', 'http-errors', 'mime', 'send', 'body-parser', 'node', 'react-dom', 'trusted-types', 'web-bluetooth', 'google.maps', 'gapi', 'chrome', 'jest', 'mocha']);

/** Server frameworks: a package depending on one runs its source with Node, unbundled. */
const NODE_SERVERS = ['express', 'fastify', 'koa', '@hapi/hapi', 'hapi', 'restify', '@nestjs/core', 'polka', '@adonisjs/core', 'sails', 'feathers', '@feathersjs/feathers', 'loopback'];
/** Bundlers and front-end frameworks: development dependencies end up in the bundle, so importing them is fine. */
const BUNDLED = ['next', 'nuxt', 'vite', 'webpack', 'esbuild', 'rollup', 'parcel', 'tsup', '@vercel/ncc', 'react-scripts', '@remix-run/dev', 'astro', '@sveltejs/kit',
  '@angular/core', 'gatsby', 'expo', 'react-native', 'electron', '@vitejs/plugin-react', 'webpack-cli', 'turbopack', 'bun', 'vue', 'react', 'svelte', 'serverless-webpack',
  'serverless-esbuild', '@nestjs/cli'];

/** Modules the runtime provides besides Node's: Bun, Deno's Node layer, k6, Electron's renderer bridge. */
const RUNTIME_MODULES = new Set(['node', 'bun', 'k6', 'electron/main', 'electron/renderer']);

/** Browser code served as is (import maps, CDN): bare imports there are not the package manager's. */
const STATIC_DIRS = /(^|\/)(static|public|staticfiles|wwwroot|htdocs|assets\/vendor|vendor|web\/js)\//;

const JS_EXTENSIONS = ['', '.ts', '.tsx', '.js', '.jsx', '.mjs', '.cjs', '.mts', '.vue', '.svelte', '.json', '.d.ts', '/index.ts', '/index.tsx', '/index.js', '/index.jsx', '/index.mjs', '/index.vue'];

/** Workspace package names: read `packages/<name>/package.json` and explicit workspace folders. */
function workspaceNames(project: ProjectView, manifests: Manifest[], top: string): boolean {
  const short = top.startsWith('@') ? top.split('/')[1] : top;
  for (const m of manifests) {
    const globs = [...(m.npm?.workspaces ?? [])];
    const pnpm = project.readText(path.join(m.dir, 'pnpm-workspace.yaml'));
    if (pnpm) for (const g of pnpm.matchAll(/^\s*-\s*['"]?([^'"\n#]+)['"]?\s*$/gm)) globs.push(g[1].trim());
    const lerna = project.readText(path.join(m.dir, 'lerna.json'));
    if (lerna) { try { const l = JSON.parse(lerna) as { packages?: unknown }; if (Array.isArray(l.packages)) globs.push(...l.packages.filter((x): x is string => typeof x === 'string')); } catch { /* ignore */ } }
    for (const g of globs) {
      const base = g.replace(/\/?\*\*?$/, '').replace(/^\.\//, '');
      const candidates = g.includes('*') ? [path.join(m.dir, base, short)] : [path.join(m.dir, base)];
      for (const dir of candidates) {
        const text = project.readText(path.join(dir, 'package.json'));
        if (!text) continue;
        try { if ((JSON.parse(text) as { name?: string }).name === top) return true; } catch { /* ignore */ }
      }
    }
  }
  return false;
}

function isTypeOnly(imp: ImportInfo): boolean {
  const t = imp.node.text;
  if (/^(import|export)\s+type\b/.test(t)) return true;
  if (imp.node.type !== 'import_statement') return false;
  const clause = imp.node.namedChildren.find((c) => c?.type === 'import_clause');
  if (!clause || clause.namedChildCount !== 1 || clause.namedChild(0)?.type !== 'named_imports') return false;
  const specs = clause.namedChild(0)!.namedChildren.filter((c) => c?.type === 'import_specifier');
  return specs.length > 0 && specs.every((s) => /^type\s/.test(s!.text));
}

/**
 * A development dependency imported by server code that Node runs unbundled: the package
 * depends on a server framework, on no bundler or front-end framework, and imports it at the
 * top of a module that is neither tooling nor a script. Production installs (`npm ci
 * --omit=dev`, buildpacks pruning devDependencies) then crash at start-up.
 */
function devOnlyAtRuntime(imp: ImportInfo, top: string, manifests: Manifest[], rel: string): boolean {
  if (!devOnlyPackage(top, manifests, rel)) return false;
  if (imp.kind === 'dynamic') return false;
  // Module level only: not inside a function, a condition or a try block.
  for (let p = imp.node.parent; p; p = p.parent) {
    if (p.type === 'program') return true;
    if (p.type !== 'expression_statement' && p.type !== 'lexical_declaration' && p.type !== 'variable_declaration' && p.type !== 'variable_declarator' && p.type !== 'export_statement') return false;
  }
  return false;
}

/** What `devOnlyAtRuntime` asks of the package and the file, not of the import's node. */
function devOnlyPackage(top: string, manifests: Manifest[], rel: string): boolean {
  const declaredIn = manifests.filter((m) => m.deps.has(top));
  if (declaredIn.length === 0 || declaredIn.some((m) => !m.npm?.devOnly.has(top))) return false;
  const all = new Set(manifests.flatMap((m) => [...m.deps]));
  if (!manifests.some((m) => NODE_SERVERS.some((d) => m.runtimeDeps.has(d)))) return false;
  if (BUNDLED.some((d) => all.has(d))) return false;
  return !isScriptOrTooling(rel) && !isMigrationScriptName(rel);
}

// ---------------------------------------------------------------------------------------
// Local modules
// ---------------------------------------------------------------------------------------

function exists(project: ProjectView, file: string): boolean {
  return fileExists(project, file);
}

function pythonLocal(project: ProjectView, filePath: string, imp: Pick<ImportInfo, 'module' | 'names'>, top: string, manifests: Manifest[]): boolean {
  const rel = path.relative(project.root, filePath).split(path.sep);
  if (rel.slice(0, -1).includes(top)) return true; // a folder the file is in
  if (manifests.some((m) => m.ownNames.has(normalisePython(top)) || m.python?.packages.has(top))) return true;
  const segments = imp.module.split('.');
  const names = imp.names?.filter((n) => n && n !== '*') ?? [];
  const dirs = new Set<string>();
  for (const d of foldersUp(project, filePath)) { dirs.add(d); dirs.add(path.join(d, 'src')); dirs.add(path.join(d, 'app')); }
  for (const dir of dirs) {
    for (let i = segments.length; i >= 1; i--) {
      const base = path.join(dir, ...segments.slice(0, i));
      if (exists(project, `${base}.py`) || exists(project, path.join(base, '__init__.py')) || exists(project, `${base}.pyi`) || exists(project, `${base}.so`)) return true;
    }
    // `from pkg import module` (namespace package without __init__.py).
    const base = path.join(dir, ...segments);
    for (const n of names.slice(0, 3)) if (exists(project, path.join(base, `${n}.py`)) || exists(project, path.join(base, n, '__init__.py'))) return true;
  }
  return false;
}

const RUBY_APP_DIRS = ['lib', 'app/models', 'app/services', 'app/lib', 'app/controllers', 'app/helpers', 'app/jobs', 'app/workers', 'app/serializers',
  'app/policies', 'app/presenters', 'app/forms', 'app/queries', 'app/mailers', 'app/channels', 'app/validators', 'app/uploaders', 'app/decorators', 'config', 'app'];

function rubyLocal(project: ProjectView, filePath: string, req: string, manifests: Manifest[]): boolean {
  const first = req.split('/')[0];
  if (manifests.some((m) => m.ownNames.has(first) || m.ownNames.has(first.replace(/_/g, '-')))) return true;
  for (const dir of foldersUp(project, filePath)) {
    if (exists(project, path.join(dir, `${req}.rb`))) return true;
    for (const sub of RUBY_APP_DIRS) if (exists(project, path.join(dir, sub, `${req}.rb`))) return true;
    if (exists(project, path.join(dir, 'lib', first, 'version.rb')) || exists(project, path.join(dir, 'lib', `${first}.rb`))) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------

/** The node naming the module (a string literal or a dotted name), for the report. */
function moduleNode(imp: ImportInfo, lang: LanguageId): Node {
  const stack: Node[] = [imp.node];
  const want = lang === 'php' ? imp.module : imp.module;
  for (let guard = 0; stack.length && guard < 300; guard++) {
    const n = stack.shift()!;
    if (stringValue(n, lang) === want) return n;
    if ((n.type === 'dotted_name' || n.type === 'qualified_name') && n.text.replace(/\s+/g, '').replace(/^\\/, '') === want) return n;
    if (lang === 'php' && n.type === 'namespace_use_clause' && want.endsWith(n.text.replace(/^\\/, '').split(/\s+as\s+/i)[0])) return n;
    for (let i = 0; i < n.namedChildCount; i++) { const c = n.namedChild(i); if (c) stack.push(c); }
  }
  return imp.node;
}

/** Python imports that are optional or for type checkers only. */
function pythonGuarded(node: Node): boolean {
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === 'try_statement') {
      for (const c of p.namedChildren) {
        if (c?.type !== 'except_clause' && c?.type !== 'except_group_clause') continue;
        const t = c.text.split(':')[0];
        if (/ImportError|ModuleNotFoundError|Exception|BaseException|^except\s*$/.test(t)) return true;
      }
    }
    if (p.type === 'if_statement') {
      const cond = p.childForFieldName('condition')?.text ?? '';
      if (/TYPE_CHECKING|sys\.platform|os\.name|platform\.system|sys\.version_info|importlib\.util\.find_spec/.test(cond)) return true;
    }
  }
  return false;
}

// ---------------------------------------------------------------------------------------
// Imports read from the text, before parsing
// ---------------------------------------------------------------------------------------

/** `topLevel` of a JavaScript module as `findImports` gives it. */
function jsTopLevel(module: string): string | undefined {
  if (/^(\.|\/|[a-zA-Z][a-zA-Z0-9+.-]*:\/\/)/.test(module) || !module) return undefined;
  const parts = module.split('/');
  return module.startsWith('@') ? (parts.length >= 2 ? `${parts[0]}/${parts[1]}` : undefined) : parts[0];
}

const QUOTES = '\'"`';

/**
 * Whether the keyword at `i` sits in a line comment (or in a multi-line string or comment):
 * the marker precedes it on its line with no quote or slash before the marker.
 */
function afterLineComment(text: string, i: number, marker: '//' | '#'): boolean {
  const start = text.lastIndexOf('\n', i - 1) + 1;
  const at = text.indexOf(marker, start);
  if (at < 0 || at >= i) return false;
  for (let k = start; k < at; k++) if (QUOTES.includes(text[k]) || text[k] === '/') return false;
  return true;
}

/** Past whitespace (newlines too); comments are left for the caller. */
function skipSpace(text: string, i: number): number {
  while (i < text.length && /\s/.test(text[i])) i++;
  return i;
}

/** Past whitespace, line continuations and `#` comments (Python, Ruby): tree-sitter reads an import across them, even in broken code. */
function skipHashComments(text: string, i: number): number {
  for (;;) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\f' || c === '\n' || c === '\r' || c === '\\') i++;
    else if (c === '#') while (i < text.length && text[i] !== '\n') i++;
    else return i;
  }
}

/** Past whitespace, line comments and block comments (JavaScript, Go). */
function skipComments(text: string, i: number): number {
  for (;;) {
    i = skipSpace(text, i);
    if (text.startsWith('//', i)) {
      const e = text.indexOf('\n', i);
      i = e < 0 ? text.length : e;
    } else if (text.startsWith('/*', i)) {
      const e = text.indexOf('*/', i + 2);
      if (e < 0) return text.length;
      i = e + 2;
    } else return i;
  }
}

/**
 * The end of the quoted literal at `i` (`'`, `"` or a backquote), across lines (tree-sitter
 * reads a string on to its closing quote, even in broken code): -1 when it does not end, -2
 * for a JavaScript template with a substitution (`stringValue` gives it no value).
 */
function literalEnd(text: string, i: number, lang: LanguageId): number {
  const q = text[i];
  for (let k = i + 1; k < text.length; k++) {
    const c = text[k];
    if (c === '\\') { k++; continue; }
    if (c === q) return k + 1;
    if (q === '`' && lang !== 'go' && c === '$' && text[k + 1] === '{') return -2;
  }
  return -1;
}

/** A quoted literal (not a template) that runs over a line break: broken code, or a quote read in the wrong place. */
function brokenLiteral(text: string, start: number, end: number): boolean {
  return text[start] !== '`' && /[\r\n]/.test(text.slice(start, end));
}

const PY_DOTTED = /[A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*(?:\.[A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*)*/y;
const PY_STRING_START = /[a-zA-Z]{0,3}('''|"""|'|")/y;

function dottedAt(text: string, i: number): string | undefined {
  PY_DOTTED.lastIndex = i;
  return PY_DOTTED.exec(text)?.[0];
}

interface TextImport { module: string; names?: string[] }

/**
 * Every module an import in `text` may name, read by pattern: a superset of what
 * `findImports` finds on the tree, also where broken code makes tree-sitter skip tokens to
 * complete an import. Undefined when the text around an import keyword is neither a
 * well-formed import nor plainly something else. Keywords in line comments are skipped.
 */
function textImports(text: string, lang: LanguageId): TextImport[] | undefined {
  switch (lang) {
    case 'javascript':
    case 'typescript': return jsTextImports(text, lang)?.map((module) => ({ module }));
    case 'python': return pythonTextImports(text);
    case 'go': return goTextImports(text)?.map((module) => ({ module }));
    case 'ruby': return rubyTextImports(text)?.map((module) => ({ module }));
    default: return undefined;
  }
}

function jsTextImports(text: string, lang: LanguageId): string[] | undefined {
  const out: string[] = [];
  const BROKEN = -3;
  /** Reads the literal at `k` into `out` (when `keep`): its end, -2 for a template without a value, or BROKEN. */
  const read = (k: number, keep = true): number => {
    const end = literalEnd(text, k, lang);
    if (end === -2) return end;
    if (end < 0 || brokenLiteral(text, k, end)) return BROKEN;
    if (keep) out.push(...(literalTextValues(text.slice(k, end), lang) ?? []));
    return end;
  };
  const quote = (c: string | undefined) => c !== undefined && QUOTES.includes(c);
  const IDENT = /[A-Za-z_$\u0080-\uffff][\w$\u0080-\uffff]*/y;
  const ident = (k: number): string | undefined => {
    IDENT.lastIndex = k;
    return IDENT.exec(text)?.[0];
  };
  /** `require(...)`, `import(...)` from the `(` at `k`: false when the argument list starts with broken code. */
  const call = (k: number): boolean => {
    const a = skipComments(text, k + 1);
    const c = text[a];
    if (quote(c)) return read(a) !== BROKEN;
    // No literal first: `stringValue` gives the argument no value.
    return c === undefined || /[\w$\u0080-\uffff()[\]{}.+\-!~/]/.test(c);
  };
  /** The clause and source of a static import from `k`: false when it is not well formed. */
  const statement = (k: number): boolean => {
    for (let braces = false; ;) {
      k = skipComments(text, k);
      const c = text[k];
      const word = ident(k);
      if (c === undefined) return false;
      if (c === ',' || (c === '*' && !braces)) k++;
      else if (c === '{' && !braces) { braces = true; k++; }
      else if (c === '}' && braces) { braces = false; k++; }
      else if (braces && (c === '\'' || c === '"')) {
        // A string name (`import { 'a b' as c }`).
        const end = read(k, false);
        if (end < 0) return false;
        k = end;
      } else if (word === 'from' && !braces && /['"]/.test(text[skipComments(text, k + 4)] ?? '')) {
        return read(skipComments(text, k + 4)) >= 0;
      } else if (word) k += word.length;
      else if (c === '=' && !braces) return importEquals(k + 1);
      else return false;
    }
  };
  /** TypeScript `import x = require('y')` (read at `require`) or `import x = A.B;`, from after the `=`. */
  const importEquals = (k: number): boolean => {
    for (k = skipComments(text, k); ; k = skipComments(text, k + 1)) {
      const word = ident(k);
      if (!word) return false;
      if (word === 'require') return true;
      k = skipComments(text, k + word.length);
      if (text[k] !== '.') return !quote(text[k]);
    }
  };
  for (const m of text.matchAll(/\b(?:import|require|from)\b/g)) {
    const i = m.index;
    const kw = m[0];
    // A property (`Array.from`, `x.require`), not a spread; a string (`'from'`).
    if (text[i - 1] === '.' && /[\w$\u0080-\uffff)\]]/.test(text[skipBack(text, i - 2)] ?? '') && text[i - 2] !== '.') continue;
    if (quote(text[i - 1]) && text[i + kw.length] === text[i - 1]) continue;
    if (afterLineComment(text, i, '//')) continue;
    const j = skipComments(text, i + kw.length);
    const c = text[j];
    if (kw === 'from') {
      if ((c === '\'' || c === '"') && read(j) === BROKEN) return undefined;
      continue;
    }
    if (c === '(') {
      if (!call(j)) return undefined;
      continue;
    }
    // `require.resolve`, `import.meta`; a dot before anything else is broken code.
    if (c === '.' && text[j + 1] !== '.') {
      if (!ident(skipComments(text, j + 1))) return undefined;
      continue;
    }
    if (kw === 'require') {
      // A tagged template (require`x`); `require.resolve`, `typeof require === ...`. Anything
      // else may be broken code that tree-sitter completes to a call.
      if (c === '`') {
        if (read(j) === BROKEN) return undefined;
      } else if (c !== undefined && !/[.)\],;}:=!&|/]/.test(c)) return undefined;
      continue;
    }
    // A key (`{ import: x }`).
    if (c === undefined || c === ':') continue;
    if (c === '\'' || c === '"') {
      if (read(j) === BROKEN) return undefined;
      continue;
    }
    if (!statement(j)) return undefined;
  }
  return out;
}

/** The last index at or before `k` that is not whitespace. */
function skipBack(text: string, k: number): number {
  while (k >= 0 && /\s/.test(text[k])) k--;
  return k;
}

/**
 * Python's text with comments and string contents blanked out (offsets kept, quotes and
 * prefixes left). Undefined when a string does not end: how tree-sitter reads on from there
 * is not for a pattern to guess.
 */
function pythonCode(text: string): string | undefined {
  const chunks: string[] = [];
  let copied = 0;
  const blank = (start: number, end: number) => {
    chunks.push(text.slice(copied, start), text.slice(start, end).replace(/[^\r\n]/g, ' '));
    copied = end;
  };
  for (let i = 0; i < text.length;) {
    const c = text[i];
    if (c === '#') {
      const e = text.indexOf('\n', i);
      const end = e < 0 ? text.length : e;
      blank(i, end);
      i = end;
    } else if (c === '"' || c === '\'') {
      const q = text.startsWith(c + c + c, i) ? c + c + c : c;
      let end = -1;
      for (let k = i + q.length; k < text.length;) {
        if (text[k] === '\\') k += text.startsWith('\r\n', k + 1) ? 3 : 2;
        else if (text.startsWith(q, k)) { end = k + q.length; break; }
        else if (q.length === 1 && (text[k] === '\n' || text[k] === '\r')) break;
        else k++;
      }
      if (end < 0) return undefined;
      blank(i + q.length, end - q.length);
      i = end;
    } else i++;
  }
  chunks.push(text.slice(copied));
  return chunks.join('');
}

const PY_WORD = /[\w\u0080-\uffff]/;

/**
 * Python imports: every `import` and `from` keyword outside strings and comments must begin
 * (or be the `import` of) a well-formed import statement, read whole; anything else is broken
 * code that tree-sitter may complete to an import of some name around it, so the file cannot
 * be decided from the text.
 */
function pythonTextImports(text: string): TextImport[] | undefined {
  const code = pythonCode(text);
  if (code === undefined) return undefined;
  const out: TextImport[] = [];
  /** Past spaces and line continuations (a statement's own whitespace). */
  const space = (k: number): number => {
    for (;;) {
      const c = code[k];
      if (c === ' ' || c === '\t' || c === '\f') k++;
      else if (c === '\\' && code[k + 1] === '\n') k += 2;
      else if (c === '\\' && code[k + 1] === '\r') k += code[k + 2] === '\n' ? 3 : 2;
      else return k;
    }
  };
  /** Past any whitespace, line breaks included (inside brackets). */
  const anySpace = (k: number): number => {
    while (k < code.length && (/\s/.test(code[k]) || code[k] === '\\')) k++;
    return k;
  };
  const keyword = (k: number, word: string) => code.startsWith(word, k) && !PY_WORD.test(code[k + word.length] ?? '');
  const statementStart = (i: number): boolean => {
    let p = i - 1;
    while (p >= 0 && (code[p] === ' ' || code[p] === '\t' || code[p] === '\f' || code[p] === '\uFEFF')) p--;
    if (p < 0 || code[p] === ';' || code[p] === ':') return true;
    if (code[p] !== '\n' && code[p] !== '\r') return false;
    // Not a line continued from the one above.
    const q = code[p] === '\n' && code[p - 1] === '\r' ? p - 2 : p - 1;
    return code[q] !== '\\';
  };
  const ends = (k: number) => k >= code.length || code[k] === '\n' || code[k] === '\r' || code[k] === ';';
  /** `a.b [as c]`, from `k`: the name, the alias's end... or undefined. */
  const aliased = (k: number, skip: (k: number) => number): { name: string; end: number } | undefined => {
    const name = dottedAt(code, k);
    if (!name) return undefined;
    let end = skip(k + name.length);
    if (keyword(end, 'as')) {
      const at = skip(end + 2);
      const alias = dottedAt(code, at);
      if (!alias || alias.includes('.')) return undefined;
      end = skip(at + alias.length);
    }
    return { name, end };
  };
  const fromImports = new Set<number>();
  for (const m of code.matchAll(/\bfrom\b/g)) {
    // `yield from x`, `raise E from e`: not a statement of its own.
    if (!statementStart(m.index)) continue;
    let k = space(m.index + 4);
    let relative = false;
    while (code[k] === '.') {
      relative = true;
      k = space(k + 1);
    }
    const module = keyword(k, 'import') ? undefined : dottedAt(code, k);
    if (module) k = space(k + module.length);
    if ((!module && !relative) || !keyword(k, 'import')) return undefined;
    fromImports.add(k);
    k = space(k + 6);
    const names: string[] = [];
    if (code[k] === '*') {
      names.push('*');
      k = space(k + 1);
    } else {
      const paren = code[k] === '(';
      const skip = paren ? anySpace : space;
      if (paren) k = anySpace(k + 1);
      for (;;) {
        const a = aliased(k, skip);
        if (!a) return undefined;
        names.push(a.name);
        k = a.end;
        if (code[k] !== ',') break;
        k = skip(k + 1);
        if (paren && code[k] === ')') break;
      }
      if (paren) {
        if (code[k] !== ')') return undefined;
        k = space(k + 1);
      }
    }
    if (!ends(k)) return undefined;
    if (module && !relative) out.push({ module, names });
  }
  for (const m of code.matchAll(/\bimport\b/g)) {
    if (fromImports.has(m.index)) continue;
    if (!statementStart(m.index)) return undefined;
    let k = space(m.index + 6);
    for (;;) {
      const a = aliased(k, space);
      if (!a) return undefined;
      out.push({ module: a.name });
      k = a.end;
      if (code[k] !== ',') break;
      k = space(k + 1);
    }
    if (!ends(k)) return undefined;
  }
  // `__import__('x')`, `importlib.import_module('x')`, read in the whole text: an f-string's
  // interpolations are code.
  for (const m of text.matchAll(/\b(?:__import__|import_module)\b/g)) {
    let j = skipHashComments(text, m.index + m[0].length);
    if (text[j] !== '(') continue;
    j = skipHashComments(text, j + 1);
    PY_STRING_START.lastIndex = j;
    const open = PY_STRING_START.exec(text);
    if (!open) continue;
    const q = open[1];
    let end = -1;
    for (let k = j + open[0].length; k < text.length; k++) {
      if (text[k] === '\\') { k++; continue; }
      if (text.startsWith(q, k)) { end = k + q.length; break; }
    }
    if (end < 0 || (q.length === 1 && /[\r\n]/.test(text.slice(j, end)))) return undefined;
    // Adjacent literals are one string (`'a' 'b'`).
    PY_STRING_START.lastIndex = skipHashComments(text, end);
    if (PY_STRING_START.test(text)) return undefined;
    for (const v of literalTextValues(text.slice(j, end), 'python') ?? []) out.push({ module: v });
  }
  return out;
}

function goTextImports(text: string): string[] | undefined {
  const out: string[] = [];
  /** One spec (`alias "path"`) at `j`: its end, or -1 when there is none. */
  const spec = (j: number): number => {
    const alias = /[\w\u0080-\uffff]+|\./y;
    alias.lastIndex = j;
    const a = alias.exec(text);
    if (a) j = skipComments(text, j + a[0].length);
    if (text[j] !== '"' && text[j] !== '`') return -1;
    const end = literalEnd(text, j, 'go');
    if (end < 0 || brokenLiteral(text, j, end)) return -1;
    out.push(...(literalTextValues(text.slice(j, end), 'go') ?? []));
    return end;
  };
  for (const m of text.matchAll(/\bimport\b/g)) {
    if (afterLineComment(text, m.index, '//')) continue;
    let j = skipComments(text, m.index + 6);
    if (text[j] !== '(') {
      if (spec(j) < 0) return undefined;
      continue;
    }
    for (j = skipComments(text, j + 1); text[j] !== ')'; j = skipComments(text, j)) {
      if (j >= text.length) return undefined;
      if (text[j] === ';') {
        j++;
        continue;
      }
      const end = spec(j);
      if (end < 0) return undefined;
      j = end;
    }
  }
  return out;
}

function rubyTextImports(text: string): string[] | undefined {
  const out: string[] = [];
  for (const m of text.matchAll(/\brequire\b/g)) {
    if (afterLineComment(text, m.index, '#')) continue;
    let j = m.index + 7;
    while (text[j] === ' ' || text[j] === '\t') j++;
    if (text[j] === '(') j = skipHashComments(text, j + 1);
    const c = text[j];
    // No literal first (`require name`, `require: false`); anything else may be a literal
    // (`%q(x)`, a heredoc) or broken code that tree-sitter completes to a call.
    if (c === undefined || /[A-Za-z_$@:.\]};=|&\r\n]/.test(c) || (c === ')' && j === m.index + 7)) continue;
    if (c !== '"' && c !== '\'') return undefined;
    const end = literalEnd(text, j, 'ruby');
    if (end < 0) return undefined;
    // Adjacent literals are one string (`require "a" "b"`).
    let k = end;
    while (text[k] === ' ' || text[k] === '\t') k++;
    if (text[k] === '"' || text[k] === '\'' || text[k] === '\\') return undefined;
    out.push(...(literalTextValues(text.slice(j, end), 'ruby') ?? []));
  }
  return out;
}

/** PHP_NAMESPACES, found anywhere in a text. */
const PHP_NAMESPACES_ANYWHERE: [RegExp, RegExp][] = PHP_NAMESPACES.map(([ns, pkg]) => [new RegExp(ns.source.replace(/^\^/, '')), pkg]);

/**
 * Whether a PHP file may be reported: a well-known vendor namespace that composer.json does
 * not require appears in the text (a `use` names it whole, except in a group `use A\{B\C}`),
 * or the file creates an extension's class that composer.json does not require.
 */
function phpMayReport(text: string, deps: Set<string>): boolean {
  if (/\buse\s+(?:function\s+|const\s+)?\\?[\w\u0080-\uffff\\]*\\\s*\{/i.test(text)) return true;
  if (PHP_NAMESPACES_ANYWHERE.some(([ns, pkg]) => ns.test(text) && ![...deps].some((d) => pkg.test(d)))) return true;
  if (!PHP_EXTENSION_NEW.test(text)) return false;
  for (const m of text.matchAll(/\bnew\b/gi)) {
    const j = skipSpace(text, m.index + 3);
    if (text[j] === '/' || text[j] === '#') return true;
    const name = /\\?[\w\u0080-\uffff\\]+/y;
    name.lastIndex = j;
    const written = name.exec(text)?.[0];
    const ext = written ? PHP_EXTENSION_CLASSES[written.replace(/^\\/, '')] : undefined;
    if (ext && !deps.has(ext)) return true;
  }
  return false;
}

export default defineRule({
  id: 'dependencies/no-undeclared-import',
  meta: {
    description: 'Third-party package imported but not declared in the manifest',
    defaultSeverity: 'warning',
    languages: ['javascript', 'typescript', 'python', 'go', 'ruby', 'php'],
    fix: 'none',
    messages: {
      undeclared: '`{{name}}` is imported but not declared in {{manifest}}; declare it there so every build installs the same package.',
      extension: '`new {{name}}()` needs the PHP extension `{{ext}}`, which composer.json does not require; add `"{{ext}}": "*"` to its `require` so every build installs it.',
      devDependency: '`{{name}}` is only a devDependency but the server imports it at run time; move it to `dependencies`, since production installs leave devDependencies out.',
    },
    docs: {
      why: 'A package the manifest does not declare is present only by accident (installed by hand, globally, or as another package\'s dependency), so a clean build breaks or silently picks up a different version.',
      bad: {
        javascript: "// package.json declares express only\nconst axios = require('axios');",
        typescript: "// package.json declares express only\nimport { z } from 'zod';",
        python: '# requirements.txt: flask\nimport requests',
        go: '// go.mod requires github.com/gin-gonic/gin only\nimport "github.com/redis/go-redis/v9"',
        ruby: '# Gemfile: sinatra\nrequire "redis"',
        php: "// composer.json requires laravel/framework only\nuse Stripe\\StripeClient;",
      },
      good: {
        javascript: "// package.json: \"dependencies\": { \"express\": \"^4.19.2\", \"axios\": \"^1.7.2\" }\nconst axios = require('axios');",
        typescript: "// package.json: \"dependencies\": { \"zod\": \"^3.23.8\" }\nimport { z } from 'zod';",
        python: '# requirements.txt: flask, requests==2.32.3\nimport requests',
        go: '// go.mod: require github.com/redis/go-redis/v9 v9.5.1\nimport "github.com/redis/go-redis/v9"',
        ruby: '# Gemfile: gem "sinatra"; gem "redis"\nrequire "redis"',
        php: "// composer.json: \"require\": { \"stripe/stripe-php\": \"^15.0\" }\nuse Stripe\\StripeClient;",
      },
    },
  },
  triggers: ['import', 'require', 'use '],
  check(context) {
    const lang = context.language;
    const eco = ECOSYSTEM[lang];
    if (!eco) return;
    const manifests = manifestsFor(context.project, context.path, eco);
    if (manifests.length === 0 || manifests.some((m) => m.partial)) return;
    const deps = new Set<string>();
    for (const m of manifests) m.deps.forEach((d) => deps.add(d));
    const own = new Set<string>();
    for (const m of manifests) m.ownNames.forEach((d) => own.add(d));
    const label = eco === 'python' ? path.basename(manifests[0].file) : MANIFEST_LABEL[eco];

    const rel = path.relative(context.project.root, context.path).split(path.sep).join('/');
    if ((lang === 'javascript' || lang === 'typescript') && STATIC_DIRS.test(rel)) return;
    let aliases: JsAliases | undefined;
    let pins: Set<string> | undefined;

    // What each language's import needs before it is reported, short of its node: the
    // pre-check below and the walk over the tree ask the same questions.
    const jsVerdict = (mod: string, top: string | undefined): 'fine' | 'declared' | 'undeclared' => {
      if (!top || /^[@~#$]\/|^[~#$]|[:!?]|^\0/.test(mod) || mod === '@') return 'fine';
      if (NODE_BUILTINS.has(top) || RUNTIME_MODULES.has(top)) return 'fine';
      if (deps.has(top) || own.has(top)) return 'declared';
      // Packages that exist only as type declarations (`@types/express-serve-static-core`...).
      if (TYPES_ONLY.has(top) && deps.has(`@types/${top}`)) return 'fine';
      if (top === 'meteor' && exists(context.project, path.join(context.project.root, '.meteor', 'packages'))) return 'fine';
      if (top === 'vscode' && manifests.some((m) => m.npm?.engines.has('vscode'))) return 'fine';
      if (manifests.some((m) => m.npm?.aliases.has(top) || [...(m.npm?.aliases ?? [])].some((a) => a.endsWith('*') && mod.startsWith(a.slice(0, -1))))) return 'fine';
      aliases ??= jsAliases(context.project, context.path);
      if (aliases.patterns.some((p) => (p.endsWith('*') ? mod.startsWith(p.slice(0, -1)) : mod === p))) return 'fine';
      if (aliases.baseUrls.some((b) => JS_EXTENSIONS.some((ext) => exists(context.project, path.join(b, mod) + ext)))) return 'fine';
      if (bundlerAlias(context.project, context.path, top)) return 'fine';
      pins ??= importmapPins(context.project);
      if (pins.has(mod) || pins.has(top)) return 'fine';
      if (workspaceNames(context.project, manifests, top)) return 'fine';
      // A sibling package of the same scope in a monorepo.
      const inMonorepo = manifests.length > 1 || manifests.some((m) => m.npm?.workspaces.length);
      if (inMonorepo && top.startsWith('@') && [...own].some((n) => n.startsWith(`${top.split('/')[0]}/`))) return 'fine';
      return 'undeclared';
    };
    const pythonMissing = (imp: Pick<ImportInfo, 'module' | 'names'>, top: string | undefined): boolean => {
      if (!top || PYTHON_STDLIB.has(top) || PY_ALWAYS.has(top) || top.startsWith('_')) return false;
      if (pythonDeclared(top, deps)) return false;
      if (pythonLocal(context.project, context.path, imp, top, manifests)) return false;
      return !(top === 'airflow' && /(^|\/)dags\//.test(context.path.replace(/\\/g, '/')));
    };
    const goMissing = (mod: string): boolean => {
      const first = mod.split('/')[0];
      if (!first.includes('.') || mod === 'C') return false;
      const owned = manifests.flatMap((m) => [m.go?.module ?? '', ...(m.go?.workspaceModules ?? [])]).filter(Boolean);
      if (owned.some((o) => mod === o || mod.startsWith(`${o}/`))) return false;
      return ![...deps].some((d) => mod === d || mod.startsWith(`${d}/`));
    };
    const rubyMissing = (req: string): boolean => {
      if (!req || /^[./~]|#\{/.test(req)) return false;
      const first = req.split('/')[0];
      if (first === 'net' ? RUBY_NET_STDLIB.has(req) || /^net\/(http|https)\//.test(req) : RUBY_STDLIB.has(first) || RUBY_STDLIB.has(req)) return false;
      if (/^(io\/|digest\/|json\/|openssl\/|rubygems\/|bundler\/|erb\/|cgi\/|uri\/|yaml\/|psych\/|fiddle\/|objspace|etc|socket|date|set)/.test(req)) return false;
      if (rubyDeclared(req, deps)) return false;
      return !rubyLocal(context.project, context.path, req, manifests);
    };

    // Before parsing: the modules the text can import, read by pattern; a file whose every
    // one is built in, declared or local cannot be reported.
    if (!context.treeParsed && !precheck(() => {
      if (lang === 'php') return phpMayReport(context.text, deps);
      const mods = textImports(context.text, lang);
      if (!mods) return true;
      return mods.some((imp) => {
        const mod = imp.module;
        switch (lang) {
          case 'javascript':
          case 'typescript': {
            const top = jsTopLevel(mod);
            const v = jsVerdict(mod, top);
            return v === 'undeclared' || (v === 'declared' && devOnlyPackage(top!, manifests, rel));
          }
          // A well-formed statement gives the tree's names; `__import__('x')` has none.
          case 'python': return pythonMissing({ module: mod, names: imp.names ?? [] }, mod.startsWith('.') ? undefined : mod.split('.')[0]);
          case 'go': return goMissing(mod);
          case 'ruby': return rubyMissing(mod);
          default: return true;
        }
      });
    })) return;

    const root = context.tree?.rootNode;
    if (!root) return;
    const reported = new Set<string>();
    const report = (imp: ImportInfo, name: string, messageId: 'undeclared' | 'devDependency' = 'undeclared') => {
      const key = `${name}\u0000${imp.node.startIndex}`;
      if (reported.has(key)) return;
      reported.add(key);
      context.report({ node: moduleNode(imp, lang), messageId, data: { name, manifest: label } });
    };

    for (const imp of findImports(root, lang)) {
      switch (lang) {
        case 'javascript':
        case 'typescript': {
          const top = imp.topLevel;
          const v = jsVerdict(imp.module, top);
          if (v === 'fine' || isTypeOnly(imp)) continue;
          if (v === 'declared') {
            if (devOnlyAtRuntime(imp, top!, manifests, rel)) report(imp, top!, 'devDependency');
            continue;
          }
          report(imp, top!);
          break;
        }
        case 'python': {
          const top = imp.topLevel;
          if (!pythonMissing(imp, top) || pythonGuarded(imp.node)) continue;
          report(imp, top!);
          break;
        }
        case 'go': {
          if (!goMissing(imp.module)) continue;
          report(imp, imp.module);
          break;
        }
        case 'ruby': {
          if (imp.kind !== 'require' || imp.node.childForFieldName('method')?.text !== 'require') continue;
          if (!rubyMissing(imp.module)) continue;
          report(imp, imp.module.split('/')[0]);
          break;
        }
        case 'php': {
          if (imp.kind !== 'use') continue;
          const mod = imp.module.replace(/^\\/, '');
          if (!mod.includes('\\')) continue;
          const ownNs = manifests.flatMap((m) => [...(m.php?.namespaces ?? [])]);
          if (ownNs.some((ns) => ns && (mod === ns || mod.startsWith(`${ns}\\`)))) continue;
          const rule = PHP_NAMESPACES.find(([ns]) => ns.test(mod));
          if (!rule) continue;
          if ([...deps].some((d) => rule[1].test(d))) continue;
          report(imp, mod.split('\\').slice(0, 2).join('\\'));
          break;
        }
      }
    }
    if (lang === 'php' && PHP_EXTENSION_NEW.test(context.text)) {
      const namespaced = /^\s*namespace\s+[\w\\]+\s*[;{]/m.test(context.text);
      for (const m of context.query(PHP_EXTENSION_QUERY)) {
        const cls = m.captures.find((c) => c.name === 'class')?.node;
        const node = m.captures.find((c) => c.name === 'new')?.node;
        if (!cls || !node) continue;
        const written = cls.text;
        const name = written.replace(/^\\/, '');
        const ext = PHP_EXTENSION_CLASSES[name];
        if (!ext) continue;
        // In a namespace, an unqualified name is the namespace's class unless imported from the global one.
        if (namespaced && !written.startsWith('\\') && !new RegExp(`^\\s*use\\s+\\\\?${name.replace(/\\/g, '\\\\')}\\s*;`, 'm').test(context.text)) continue;
        if (deps.has(ext)) continue;
        context.report({ node, messageId: 'extension', data: { name, ext } });
      }
    }
  },
});
