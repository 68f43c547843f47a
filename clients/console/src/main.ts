import { createApp } from 'vue';
// Only the styles of the Element Plus components the console uses (not the
// whole 365 KB theme): the first screen parses 55 KB of CSS instead.
import 'element-plus/theme-chalk/base.css';
import 'element-plus/theme-chalk/el-icon.css';
import 'element-plus/theme-chalk/el-button.css';
import 'element-plus/theme-chalk/el-input.css';
import 'element-plus/theme-chalk/el-checkbox.css';
import 'element-plus/theme-chalk/el-overlay.css';
import 'element-plus/theme-chalk/el-dialog.css';
import './styles.css';
import App from './App.vue';
import { router } from './router';

createApp(App).use(router).mount('#app');
