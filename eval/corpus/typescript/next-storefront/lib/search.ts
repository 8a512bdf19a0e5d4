import { Client } from '@elastic/elasticsearch';

// expect: backing-services/no-fixed-host | config/no-hardcoded-url
export const search = new Client({ node: 'http://localhost:9200' });
